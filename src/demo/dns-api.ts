/**
 * @module
 * DNS over HTTPS stand-in (`GET /doh/dns-query?name=&type=`), answering the JSON API as
 * cloudflare-dns.com does: `application/dns-json`, `{ Status, TC, RD, RA, AD, CD, Question, Answer }`.
 * Only the demo's custom domain exists; `dnsScenario` decides what it points at.
 */
import { sendJson, sendText } from "./http.ts";
import type { RequestContext, RouteGroup } from "./router.ts";
import type { DemoSettings } from "./settings.ts";

export const DOH_PREFIX = "/doh";
export const DEMO_DOMAIN = "dashtray.example.com";
/** Where the `wrong-record` scenario points the domain: a host it no longer lives on. */
export const WRONG_TARGET = "old-dashtray.netlify.app";

const TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28 };
const SOA = 6;
const TTL = 300;
const DNS_JSON = "application/dns-json";

function record(name: string, type: number, data: string) {
  return { name, type, TTL, data };
}

/** The answers for the demo domain: its CNAME, followed by the target's addresses for A and AAAA. */
function answers(scenario: DemoSettings["dnsScenario"], type: number): ReturnType<typeof record>[] {
  const target = scenario === "wrong-record" ? WRONG_TARGET : "dashtray.pages.dev";
  const cname = record(`${DEMO_DOMAIN}.`, TYPES.CNAME as number, `${target}.`);
  if (type === TYPES.CNAME) return [cname];
  // Addresses from the documentation ranges (RFC 5737, RFC 3849).
  if (type === TYPES.A)
    return [cname, record(`${target}.`, type, scenario === "wrong-record" ? "198.51.100.7" : "192.0.2.10")];
  if (type === TYPES.AAAA) return [cname, record(`${target}.`, type, "2001:db8::10")];
  return [];
}

function query(ctx: RequestContext): void {
  const params = ctx.url.searchParams;
  const accept = ctx.req.headers.accept ?? "";
  if (!accept.includes("application/dns-json") && params.get("ct") !== "application/dns-json") {
    sendText(ctx.res, 400, "Bad Request: send accept: application/dns-json for the JSON API\n");
    return;
  }
  const name = (params.get("name") ?? "").toLowerCase().replace(/\.$/, "");
  const typeParam = (params.get("type") ?? "A").toUpperCase();
  const type = /^\d+$/.test(typeParam) ? Number(typeParam) : TYPES[typeParam];
  if (!name || type === undefined) {
    sendJson(ctx.res, 400, { error: "Invalid query: name and a known type are required" }, {}, DNS_JSON);
    return;
  }
  const exists = name === DEMO_DOMAIN && ctx.state.settings.dnsScenario !== "nxdomain";
  const head = { TC: false, RD: true, RA: true, AD: false, CD: false, Question: [{ name: `${name}.`, type }] };
  const body = exists
    ? { Status: 0, ...head, Answer: answers(ctx.state.settings.dnsScenario, type) }
    : {
        Status: 3,
        ...head,
        Authority: [
          record("example.com.", SOA, "ns1.example.com. hostmaster.example.com. 2026112601 7200 3600 1209600 300"),
        ],
      };
  sendJson(ctx.res, 200, body, {}, DNS_JSON);
}

export function dnsRoutes(): RouteGroup {
  return {
    prefix: DOH_PREFIX,
    kind: "stand-in",
    routes: [{ method: "GET", pattern: `${DOH_PREFIX}/dns-query`, handle: query }],
    notFound: (ctx) => sendText(ctx.res, 404, "Not Found\n"),
  };
}
