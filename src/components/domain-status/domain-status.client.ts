import type { DnsReport } from "../../core/incidents/schemas.ts";
import { dnsReport } from "../shared/dns-shape.ts";
import { h } from "../shared/dom.ts";
import { externalLink } from "../shared/links.ts";
import { fact, mountPanel } from "../shared/panel.ts";
import { domainRows, domainVerdict } from "./domain-status.ts";

function render(report: DnsReport): HTMLElement[] {
  const rows = domainRows(report).map((r) => {
    const row = fact(
      `${r.ok === null ? "?" : r.ok ? "✓" : "✗"} ${r.label}`,
      h("span", { class: "rw-fact-value" }, r.value),
      h("span", { class: "rw-message" }, ` ${r.detail}`),
    );
    row.dataset.row = r.key;
    row.dataset.ok = String(r.ok);
    return row;
  });
  return [
    h("dl", { class: "rw-facts" }, ...rows),
    ...report.links.map((l) => h("p", { class: "rw-var-link" }, externalLink(l.href, l.label))),
  ];
}

/** `<runbook-domain-status>`: DNS records, HTTPS and the Pages custom domain of the picked environment. */
class RunbookDomainStatus extends HTMLElement {
  connectedCallback(): void {
    mountPanel(this, {
      path: (env) => `/api/dns?env=${encodeURIComponent(env)}`,
      schema: dnsReport,
      auto: true,
      running: (env) => `Resolving the domain of ${env} and opening it over HTTPS…`,
      verdict: domainVerdict,
      render,
    });
  }
}

if (!customElements.get("runbook-domain-status")) customElements.define("runbook-domain-status", RunbookDomainStatus);
