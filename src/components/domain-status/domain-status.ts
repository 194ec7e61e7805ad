/**
 * @module
 * What the domain panel says, as plain data (no DOM): the verdict line and one row per part.
 */
import type { DnsReport } from "../../core/incidents/schemas.ts";
import type { Verdict } from "../shared/panel.ts";

export interface DomainRow {
  key: string;
  label: string;
  ok: boolean | null;
  value: string;
  detail: string;
}

export function domainVerdict(report: DnsReport): Verdict {
  const state = report.status === "ok" ? "pass" : report.status === "problem" ? "fail" : "warn";
  return { state, code: report.status, text: report.summary };
}

/** DNS records (one row each), HTTPS, and the Pages custom domain; `ok: null` when a part could not be read. */
export function domainRows(report: DnsReport): DomainRow[] {
  const rows: DomainRow[] = report.records.ok
    ? report.records.data.map((r) => ({
        key: `dns-${r.type}`,
        label: `DNS ${r.type}`,
        ok: r.outcome === "match",
        value:
          r.outcome === "match" ? r.expected : r.outcome === "nxdomain" ? "NXDOMAIN" : r.actual.join(", ") || "none",
        detail: r.detail,
      }))
    : [{ key: "dns", label: "DNS records", ok: null, value: "not read", detail: report.records.error.message }];
  const https = report.https;
  rows.push({
    key: "https",
    label: "HTTPS",
    ok: https.outcome === "ok" || https.outcome === "plain-http",
    value: https.status === undefined ? https.outcome.replace("-", " ") : `HTTP ${https.status}`,
    detail: https.detail,
  });
  const domain = report.customDomain;
  rows.push(
    domain.ok
      ? {
          key: "pages-domain",
          label: "Pages custom domain",
          ok: domain.data.status === "active",
          value: domain.data.status,
          detail: domain.data.detail,
        }
      : {
          key: "pages-domain",
          label: "Pages custom domain",
          ok: null,
          value: "not read",
          detail: domain.error.message,
        },
  );
  return rows;
}
