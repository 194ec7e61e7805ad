/**
 * @module
 * The team's deployment log (loaded lazily by `DeploymentLog.astro`): start a deployment, see its
 * checks, ticks and notes as everyone on the environment sees them (polled every few seconds), add
 * notes, close it, and read and export the history Version Tracking asks for.
 */
import type { DeploymentDetail, DeploymentList, DeploymentSummary } from "../../core/history/schemas.ts";
import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { currentEnvironment, onEnvironmentChange } from "../shared/environment.ts";
import { showNotSharedOnce } from "../shared/history-notice.ts";
import { anything, deploymentAnswer, deploymentList } from "../shared/history-shapes.ts";
import { follow, idempotencyKey, type SharedState, send } from "../shared/history-store.ts";
import { lifecycle } from "../shared/lifecycle.ts";
import { stackTable } from "../shared/table.ts";
import { historyExport, STATUS_WORDS, shipped, verdictText, when } from "./format.ts";

/**
 * The list carries a deployment's first notes only: the rest are counted and a link opens its whole
 * record (Markdown), so a row never reads as if those were all the notes there are.
 */
function moreNotes(d: DeploymentSummary): HTMLElement | undefined {
  const more = (d.notesCount ?? d.notes.length) - d.notes.length;
  if (more <= 0) return undefined;
  return h(
    "span",
    { "data-more-notes": String(more) },
    d.notes.length > 0 ? " / " : "",
    h(
      "a",
      { href: `/api/deployments/${d.id}?format=md`, download: "" },
      `${more} more note${more === 1 ? "" : "s"} in its record`,
    ),
  );
}

/**
 * What is not done before a deployment is marked succeeded, in words ("6 of 13 checklist items unticked
 * (Prerequisites 2 of 4, …); no monitor watch"), or undefined when everything is.
 */
export function finishGaps(detail: DeploymentDetail, totals: Record<string, number>): string | undefined {
  const parts: string[] = [];
  let open = 0;
  let all = 0;
  const each: string[] = [];
  for (const [id, total] of Object.entries(totals)) {
    const ticked = detail.ticks.filter((t) => t.checklist === id && t.ticked).length;
    all += total;
    open += Math.max(0, total - ticked);
    if (ticked < total) each.push(`${id} ${ticked} of ${total} ticked`);
  }
  if (open > 0) parts.push(`${open} of ${all} checklist items unticked (${each.join(", ")})`);
  const monitors = (detail as DeploymentDetail & { monitors?: unknown[] }).monitors ?? [];
  if (monitors.length === 0) parts.push("no monitor watch during this deployment");
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** Builds the widget inside `host` and keeps it in step with the shared deployment. */
export function mountDeploymentLog(host: HTMLElement): void {
  const env = () => currentEnvironment() ?? "demo";
  const root = host.querySelector<HTMLElement>("[data-log]") ?? host;
  // The markup comes drawn from DeploymentLog.astro; the script finds its parts and fills them in.
  const part = <E extends Element = HTMLElement>(selector: string) => {
    const el = root.querySelector<E>(selector);
    if (!el) throw new Error(`the deployment log's markup has no ${selector}`);
    return el;
  };
  const state = part("[data-log-state]");
  const startForm = part<HTMLFormElement>("[data-start]");
  const summary = part("[data-current]");
  const checks = part("[data-current-checks]");
  const ticks = part("[data-current-ticks]");
  const notes = part("[data-current-notes]");
  const noteForm = part<HTMLFormElement>("[data-note]");
  const finish = part("[data-finish]");
  const confirmText = part("#finish-confirm-text");
  const confirmForm = part<HTMLFormElement>("[data-finish-confirm]");
  const currentBox = part("[data-current-box]");
  const rows = part("[data-history-rows]");
  const exports = root.querySelectorAll<HTMLAnchorElement>("[data-exports] a[data-format]");
  root.querySelector("[data-log-loading]")?.remove();
  part("[data-history]").hidden = false;

  let current: DeploymentDetail | null = null;
  // The newest read of the history table wins: an older poll's answer never replaces a newer one.
  const reads = lifecycle(host, null, null);
  let startKey = idempotencyKey();
  let noteKey = idempotencyKey();

  startForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(startForm);
    const body: Record<string, string> = {
      targetCommit: String(data.get("targetCommit") ?? "").trim(),
      idempotencyKey: startKey,
    };
    for (const name of ["version", "convexVersion"]) {
      const value = String(data.get(name) ?? "").trim();
      if (value) body[name] = value;
    }
    void send(`/api/deployments?env=${encodeURIComponent(env())}`, body, deploymentAnswer).then((outcome) => {
      if (outcome.ok) {
        startKey = idempotencyKey();
        startForm.reset();
      }
      state.textContent = outcome.ok ? `Started deployment #${outcome.data.deployment.id}.` : `⚠ ${outcome.message}`;
    });
  });

  noteForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = String(new FormData(noteForm).get("text") ?? "").trim();
    if (!current || !text) return;
    void send(`/api/deployments/${current.deployment.id}/notes`, { text, idempotencyKey: noteKey }, anything).then(
      (outcome) => {
        if (outcome.ok) {
          noteKey = idempotencyKey();
          noteForm.reset();
        }
        state.textContent = outcome.ok ? "Note added." : `⚠ ${outcome.message}`;
      },
    );
  });

  const totals = JSON.parse(host.dataset.checklists ?? "{}") as Record<string, number>;
  const finishAs = (status: string, note?: string) => {
    if (!current) return;
    const words = STATUS_WORDS[status as keyof typeof STATUS_WORDS]?.toLowerCase() ?? status;
    void send(`/api/deployments/${current.deployment.id}/status`, { status, ...(note && { note }) }, anything).then(
      (outcome) => {
        if (outcome.ok) confirmForm.hidden = true;
        state.textContent = outcome.ok ? `Deployment marked ${words}.` : `⚠ ${outcome.message}`;
      },
    );
  };
  for (const button of finish.querySelectorAll<HTMLButtonElement>("[data-status]"))
    button.addEventListener("click", () => {
      if (!current) return;
      const status = button.dataset.status ?? "";
      const gaps = status === "succeeded" ? finishGaps(current, totals) : undefined;
      if (!gaps) {
        finishAs(status);
        return;
      }
      confirmText.textContent = `Not everything is done: ${gaps}. Mark it succeeded anyway?`;
      confirmForm.dataset.gaps = gaps;
      confirmForm.hidden = false;
      confirmForm.querySelector("textarea")?.focus();
    });
  confirmForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const why = String(new FormData(confirmForm).get("why") ?? "").trim();
    if (!why) return;
    finishAs("succeeded", `Marked succeeded with ${confirmForm.dataset.gaps}: ${why}`);
    confirmForm.reset();
  });
  confirmForm.querySelector("[data-finish-cancel]")?.addEventListener("click", () => {
    confirmForm.hidden = true;
    confirmForm.reset();
    finish.querySelector<HTMLButtonElement>('[data-status="succeeded"]')?.focus();
  });

  const renderCurrent = (detail: DeploymentDetail | null) => {
    current = detail;
    host.dataset.current = detail ? String(detail.deployment.id) : "";
    startForm.hidden = detail !== null;
    currentBox.hidden = detail === null;
    if (!detail) return;
    const d = detail.deployment;
    summary.textContent = `Deployment #${d.id} of ${d.environment}: ${shipped(d)}${d.convexVersion ? `, Convex ${d.convexVersion}` : ""}, started by ${d.startedBy} at ${when(d.startedAt)}. ${STATUS_WORDS[d.status]}.`;
    const none = (text: string) => h("li", { class: "rw-meta" }, text);
    checks.replaceChildren(
      ...(detail.checks.length
        ? detail.checks.map((c) =>
            h(
              "li",
              { "data-check": c.checkId },
              `${verdictText(c.status)} · ${c.checkId} · ${c.by} at ${when(c.checkedAt)}`,
            ),
          )
        : [none("None yet.")]),
    );
    ticks.replaceChildren(
      ...(detail.ticks.length
        ? detail.ticks.map((t) =>
            h(
              "li",
              { "data-tick": `${t.checklist}/${t.item}` },
              `${t.ticked ? "☑" : "☐"} ${t.label} (${t.checklist}) · ${t.by} at ${when(t.at)}`,
            ),
          )
        : [none("Nothing ticked yet.")]),
    );
    notes.replaceChildren(
      ...(detail.notes.length
        ? detail.notes.map((n) =>
            h(
              "li",
              { "data-note-id": String(n.id) },
              `${when(n.at)} · ${n.kind === "runbook" ? `runbook for ${n.by}` : n.by}: ${n.text}`,
            ),
          )
        : [none("No notes yet.")]),
    );
  };

  const renderHistory = (list: DeploymentList) => {
    rows.replaceChildren(
      ...list.deployments.map((d) =>
        h(
          "tr",
          { "data-deployment-id": String(d.id) },
          h("td", {}, when(d.startedAt)),
          h("td", {}, shipped(d)),
          h("td", {}, d.convexVersion ?? ""),
          h("td", {}, d.startedBy),
          h("td", { "data-status": d.status }, STATUS_WORDS[d.status]),
          h("td", {}, d.notes.join(" / "), moreNotes(d)),
        ),
      ),
    );
    if (list.deployments.length === 0)
      rows.replaceChildren(h("tr", {}, h("td", { colspan: "6" }, "No deployments recorded yet.")));
    // On a phone each deployment is a card of label: value lines, like the audit log.
    const table = rows.closest("table");
    if (table) stackTable(table);
  };

  const renderExports = () => {
    for (const a of exports) a.href = historyExport(env(), a.dataset.format as "md" | "csv" | "json");
  };

  const onState = (shared: SharedState) => {
    if (shared.kind === "not-shared") {
      showNotSharedOnce(host, shared.message);
      root.hidden = true;
      return;
    }
    root.hidden = false;
    if (shared.kind === "error") {
      state.textContent = `⚠ ${shared.message}`;
      return;
    }
    renderCurrent(shared.current);
    void reads
      .read(() => callApi(`/api/deployments?env=${encodeURIComponent(shared.environment)}&limit=50`, deploymentList))
      .then((newest) => {
        if (newest?.answer.ok && newest.answer.data.environment === env()) renderHistory(newest.answer.data);
      });
  };

  renderExports();
  let stop = follow(env(), onState);
  onEnvironmentChange((next) => {
    stop();
    renderExports();
    stop = follow(next, onState);
  });
}
