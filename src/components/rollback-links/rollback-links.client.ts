import type { RollbackReport } from "../../core/deploy/schemas.ts";
import { type ApiOutcome, callApi } from "../shared/api.ts";
import { mountPanel } from "../shared/panel.ts";
import { rollbackReport } from "../shared/rollback-shape.ts";
import { renderConvex, renderGit, renderPages } from "./render.ts";
import { type RollbackKind, rollbackKinds, rollbackStatus } from "./rollback-links.ts";

// Widgets on one page share a read: one call per environment until someone presses Refresh.
const reads = new Map<string, Promise<ApiOutcome<RollbackReport>>>();

function read(env: string, fresh: boolean): Promise<ApiOutcome<RollbackReport>> {
  let pending = reads.get(env);
  if (!pending || fresh) {
    pending = callApi(`/api/rollback?env=${encodeURIComponent(env)}`, rollbackReport);
    reads.set(env, pending);
  }
  return pending;
}

function render(kind: RollbackKind, report: RollbackReport): HTMLElement[] {
  if (kind === "pages" && report.pages.ok) return renderPages(report.pages.data, Date.now());
  if (kind === "convex" && report.convex.ok) return renderConvex(report.convex.data);
  if (kind === "git" && report.git.ok) return renderGit(report.git.data);
  return [];
}

/** `<runbook-rollback-links data-kind="pages|convex|git">`: the rollback target and its exact commands. */
class RunbookRollbackLinks extends HTMLElement {
  connectedCallback(): void {
    const kind = rollbackKinds.find((k) => k === this.dataset.kind) ?? "pages";
    mountPanel(this, {
      read,
      auto: true,
      running: (env) => `Reading the deployment history of ${env}…`,
      verdict: (report) => {
        const status = rollbackStatus(kind, report);
        return { ...status, code: status.state };
      },
      render: (report) => render(kind, report),
    });
  }
}

if (!customElements.get("runbook-rollback-links"))
  customElements.define("runbook-rollback-links", RunbookRollbackLinks);
