/**
 * @module
 * `GET /api/dns`: the custom domain's DNS records through DNS over HTTPS (the JSON API), whether the
 * domain answers over HTTPS (a TLS failure is named), and the domain's status in the Pages project
 * (`GET .../pages/projects/{project}/domains`). Each part answers on its own.
 */
import { type FetchLike, probe } from "../../core/checks/probe.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { pagesProjectUrl } from "../../core/deploy/links.ts";
import type { Link, Section } from "../../core/deploy/schemas.ts";
import { compareRecord, describeCustomDomain } from "../../core/incidents/dns.ts";
import type { CustomDomainState, DnsReport, HttpsCheck, RecordCheck } from "../../core/incidents/schemas.ts";
import { cloudflareClient } from "../clients/cloudflare.ts";
import { dohClient } from "../clients/doh.ts";
import { failure } from "../clients/http.ts";
import { ApiFailure } from "../errors.ts";
import { notConfigured } from "./not-configured.ts";

const HTTPS_TIMEOUT_MS = 8_000;

export async function dnsReport(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  bindings: object,
  now: () => Date = () => new Date(),
): Promise<DnsReport> {
  const started = performance.now();
  const dns = env.dns;
  if (!dns)
    throw new ApiFailure(404, "not_configured", `environment "${env.id}" has no dns settings in runbook.config.json`);
  const [records, https, customDomain] = await Promise.all([
    readRecords(fetchImpl, dns),
    openHttps(fetchImpl, dns.url ?? `https://${dns.domain}/`, dns.domain),
    readCustomDomain(fetchImpl, env, bindings, dns.domain),
  ]);
  const problems = [
    ...(records.ok ? records.data.filter((r) => r.outcome !== "match").map((r) => `DNS: ${r.detail}`) : []),
    ...(https.outcome === "ok" || https.outcome === "plain-http" ? [] : [`HTTPS: ${https.detail}`]),
    ...(customDomain.ok && customDomain.data.status !== "active" ? [`Pages: ${customDomain.data.detail}`] : []),
  ];
  const unread = !records.ok || !customDomain.ok;
  const status = problems.length > 0 ? "problem" : unread ? "incomplete" : "ok";
  const summary =
    problems[0] ??
    (unread
      ? `Not everything could be read: ${[!records.ok && "DNS records", !customDomain.ok && "the Pages custom domain"].filter(Boolean).join(" and ")}.`
      : `${dns.domain}: DNS as expected, HTTPS answers, and the Pages custom domain is active.`);
  const links: Link[] = env.cloudflare
    ? [{ label: "Pages project → Custom domains", href: pagesProjectUrl(env.cloudflare) }]
    : [];
  return {
    environment: env.id,
    domain: dns.domain,
    status,
    summary,
    records,
    https,
    customDomain,
    links,
    checkedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}

/** One DoH lookup per expected record; the first lookup that fails stands for the section. */
async function readRecords(
  fetchImpl: FetchLike,
  dns: NonNullable<ResolvedEnvironment["dns"]>,
): Promise<Section<RecordCheck[]>> {
  const doh = dohClient({ fetch: fetchImpl, resolver: dns.resolver });
  const answers = await Promise.all(
    dns.expect.map(async (expected) => {
      const answer = await doh.lookup(dns.domain, expected.type);
      return answer.ok ? { ok: true as const, data: compareRecord(dns.domain, expected, answer.data) } : answer;
    }),
  );
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) return failed;
  return { ok: true, data: answers.flatMap((a) => (a.ok ? [a.data] : [])) };
}

/** Opens the domain like a browser would (no redirects followed): any HTTP answer means TLS worked. */
export async function openHttps(
  fetchImpl: FetchLike,
  url: string,
  domain: string,
  timeoutMs = HTTPS_TIMEOUT_MS,
): Promise<HttpsCheck> {
  const outcome = await probe(fetchImpl, {
    method: "GET",
    url,
    headers: { "user-agent": "dashtray-runbook (https probe)" },
    timeoutMs,
    maxBytes: 256 * 1024,
    followRedirects: false,
    allowedOrigins: [new URL(url).origin],
  });
  const latency = { latencyMs: outcome.latencyMs };
  if (outcome.kind === "response") return answered(url, domain, outcome.status, latency);
  // A page bigger than the limit still proves the handshake: its status arrived first.
  if (outcome.code === "too_large" && outcome.status !== undefined)
    return answered(url, domain, outcome.status, latency);
  const detail = `${url}: ${outcome.message}`;
  if (outcome.code === "tls_error")
    return { url, outcome: "tls-error", ...latency, detail: `${detail}. Browsers show a certificate warning here.` };
  if (outcome.code === "dns_failed")
    return { url, outcome: "dns-error", ...latency, detail: `${detail}: check the DNS records above.` };
  if (outcome.code === "timeout") return { url, outcome: "timeout", ...latency, detail: `${detail}.` };
  return { url, outcome: "unreachable", ...latency, detail: `${detail}.` };
}

/** An HTTP answer arrived, so the connection (and over https, the certificate) worked; 525/526 are Cloudflare's TLS errors. */
function answered(url: string, domain: string, status: number, latency: { latencyMs: number }): HttpsCheck {
  if (status === 525 || status === 526)
    return {
      url,
      outcome: "tls-error",
      status,
      ...latency,
      detail: `Cloudflare answered ${status} (${status === 525 ? "SSL handshake failed" : "Invalid SSL certificate"}) between its edge and the origin: set SSL/TLS to Full (strict) with a valid origin certificate, or fix the origin's certificate.`,
    };
  const plain = url.startsWith("http://");
  if (status >= 400)
    return {
      url,
      outcome: "http-error",
      status,
      ...latency,
      detail: `${url} answers HTTP ${status}: the connection${plain ? "" : " and the certificate"} work, the site does not.`,
    };
  if (plain)
    return {
      url,
      outcome: "plain-http",
      status,
      ...latency,
      detail: `${url} answers over plain HTTP (HTTP ${status}): the demo has no certificate to check.`,
    };
  return {
    url,
    outcome: "ok",
    status,
    ...latency,
    detail: `${url} answers over HTTPS (HTTP ${status}) with a certificate this runtime trusts for ${domain}.`,
  };
}

async function readCustomDomain(
  fetchImpl: FetchLike,
  env: ResolvedEnvironment,
  bindings: object,
  domain: string,
): Promise<Section<CustomDomainState>> {
  const cf = env.cloudflare;
  if (!cf) return notConfigured(env.id, "cloudflare settings");
  const answer = await cloudflareClient({ fetch: fetchImpl, settings: cf, bindings, environmentId: env.id }).domains();
  if (!answer.ok) return answer;
  // Other domains' odd entries do not matter here; an odd entry for this one is this section's answer.
  const odd = answer.data.skipped.find((s) => s.includes(`(${domain})`));
  if (odd) return failure("unexpected_response", odd.replace(": left out.", "."));
  const entry = answer.data.domains.find((d) => d.name.toLowerCase() === domain);
  if (!entry)
    return {
      ok: true,
      data: {
        name: domain,
        status: "missing",
        detail: `Pages project ${cf.pagesProject} does not list ${domain}: add it under Custom domains, then point DNS at the project.`,
      },
    };
  return { ok: true, data: describeCustomDomain(entry) };
}
