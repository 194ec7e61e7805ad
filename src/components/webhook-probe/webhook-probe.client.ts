import type { WebhookProbeReport } from "../../core/incidents/schemas.ts";
import { h } from "../shared/dom.ts";
import { externalLink } from "../shared/links.ts";
import { mountPanel } from "../shared/panel.ts";
import { scrollTable } from "../shared/table.ts";
import { webhookProbeReport } from "../shared/webhook-probe-shape.ts";
import { attemptMark, probeVerdict } from "./webhook-probe.ts";

function render(report: WebhookProbeReport): HTMLElement[] {
  const rows = report.attempts.map((a) => {
    const mark = attemptMark(a);
    return h(
      "tr",
      { "data-attempt": a.kind, "data-outcome": a.outcome, "data-as-expected": String(mark.mark === "✓") },
      h("td", { class: "rw-attempt-mark" }, mark.mark),
      h("td", {}, a.label),
      h("td", {}, a.status === undefined ? "" : String(a.status)),
      h("td", {}, mark.should ? `${mark.should}; ${a.detail}` : a.detail),
    );
  });
  return [
    h("p", { class: "rw-summary" }, report.detail),
    scrollTable(
      "Webhook probes",
      h(
        "table",
        { class: "rw-candidates" },
        h(
          "thead",
          {},
          h("tr", {}, h("th", {}, "Verdict"), h("th", {}, "Request"), h("th", {}, "Status"), h("th", {}, "Result")),
        ),
        h("tbody", {}, ...rows),
      ),
    ),
    h(
      "p",
      { class: "rw-var-link" },
      `Sent to ${report.url}. Real deliveries, their attempts and replays: `,
      externalLink(report.dashboardUrl, "DodoPayments dashboard → Webhooks"),
      " (no public API lists them).",
    ),
  ];
}

/** `<runbook-webhook-probe>`: proves the payments webhook endpoint validates signatures. Runs on a press only. */
class RunbookWebhookProbe extends HTMLElement {
  connectedCallback(): void {
    mountPanel(this, {
      path: (env) => `/api/webhooks/probe?env=${encodeURIComponent(env)}`,
      schema: webhookProbeReport,
      method: "POST",
      auto: false,
      running: (env) => `Sending three probe requests to the webhook endpoint of ${env}…`,
      verdict: probeVerdict,
      render,
    });
  }
}

if (!customElements.get("runbook-webhook-probe")) customElements.define("runbook-webhook-probe", RunbookWebhookProbe);
