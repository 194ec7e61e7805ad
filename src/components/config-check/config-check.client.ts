import type { ConfigCheckReport } from "../../core/incidents/schemas.ts";
import { configCheckReport } from "../shared/config-check-shape.ts";
import { commandBlock } from "../shared/copy.ts";
import { h } from "../shared/dom.ts";
import { externalLink } from "../shared/links.ts";
import { mountPanel } from "../shared/panel.ts";
import { configVerdict, groupState } from "./config-check.ts";

const marks = { ok: "✓", missing: "✗", unread: "?", none: "–" } as const;

function render(report: ConfigCheckReport): HTMLElement[] {
  return report.groups.map((group) => {
    const state = groupState(group);
    const items = group.result.ok
      ? group.result.data.map((v) =>
          h(
            "li",
            { "data-variable": v.name, "data-present": String(v.present) },
            h("span", { class: "rw-var-mark", "aria-hidden": "true" }, v.present ? "✓" : "✗"),
            h("code", {}, v.name),
            ` ${v.present ? `set${v.foundAs ? ` (${v.foundAs})` : ""}` : "missing"}`,
            v.fix ? commandBlock(v.fix) : null,
          ),
        )
      : group.required.map((name) =>
          h(
            "li",
            { "data-variable": name },
            h("span", { class: "rw-var-mark", "aria-hidden": "true" }, "?"),
            h("code", {}, name),
          ),
        );
    return h(
      "section",
      { class: "rw-var-group", "data-group": group.group, "data-group-state": state.state },
      h(
        "p",
        { class: "rw-var-head" },
        h("strong", { class: "rw-var-title" }, `${marks[state.state]} ${group.label}`),
        ` · ${state.text}`,
      ),
      items.length > 0 ? h("ul", { class: "rw-var-list" }, ...items) : null,
      ...(state.state === "ok" || state.state === "none" ? [] : group.commands.map(commandBlock)),
      ...group.links.map((l) => h("p", { class: "rw-var-link" }, externalLink(l.href, l.label))),
    );
  });
}

/** `<runbook-config-check>`: required variable names per place, present or missing, with the exact fix. */
class RunbookConfigCheck extends HTMLElement {
  connectedCallback(): void {
    mountPanel(this, {
      path: (env) => `/api/config-check?env=${encodeURIComponent(env)}`,
      schema: configCheckReport,
      auto: true,
      running: (env) => `Looking for the required variables of ${env}…`,
      verdict: configVerdict,
      render,
    });
  }
}

if (!customElements.get("runbook-config-check")) customElements.define("runbook-config-check", RunbookConfigCheck);
