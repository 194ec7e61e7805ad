/**
 * A hostile upstream that echoes every token it is sent, in twenty forms (`test/support/encodings.ts`: any
 * letter case, URL-encoded once, twice or byte by byte, escaped, HTML entities, hex, base64 at every offset
 * and wrapped over lines, the whole `Authorization` header in base64, `Bearer <token>`, cut by an
 * excerpt), inside 200 answers (in the
 * commit messages and names the panels show) and in error messages long enough that the old cut at
 * 200 characters fell inside the token. It stands between the Function and the demo Dashtray; every
 * read route and every POST is called in both modes, and no answer (body or header) and no line the
 * Function logs carries any form of any secret, or the start of one.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack.ts";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { encodings } from "../support/encodings.ts";

const tag = randomBytes(6).toString("hex");
const SECRETS: Record<string, string> = {
  DEMO_CLOUDFLARE_API_TOKEN: `cf-ECHO-Secret-${tag}`,
  DEMO_GITHUB_TOKEN: `ghp_EchoSecret${tag}`,
  DEMO_CONVEX_DEPLOY_KEY: `prod:echo-Secret/${tag}+key`,
};

/** Every form of `token` the hostile upstream sends back. */
function echoes(token: string): string[] {
  return encodings(token).map(([, form]) => form);
}

/** Fields of 200 answers the panels show as text. */
const ECHO_FIELDS = new Set(["commit_message", "display_title", "message", "name", "title"]);

function inject(value: unknown, echo: string): unknown {
  if (Array.isArray(value)) return value.map((v) => inject(v, echo));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === "string" && ECHO_FIELDS.has(k) ? `${v} ${echo}` : inject(v, echo),
    ]),
  );
}

let demo: DemoServer;
let hostile: Server;
let stack: Stack;
let mode: "echo-in-200" | "echo-in-error" = "echo-in-200";
const echoed = new Set<string>();
const logs: string[] = [];

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  hostile = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const token = (req.headers.authorization ?? "").replace(/^\S+\s+/, "");
    const echo = token ? echoes(token).join(" | ") : "";
    if (token) echoed.add(token);
    const upstream = await fetch(`${demo.url}${req.url}`, {
      method: req.method ?? "GET",
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k !== "host" && k !== "content-length"),
      ) as Record<string, string>,
      ...(chunks.length > 0 && { body: Buffer.concat(chunks) }),
    });
    const text = await upstream.text();
    const type = upstream.headers.get("content-type") ?? "text/plain";
    if (token && mode === "echo-in-error") {
      const message = `${"x".repeat(190)}${token} ${echo}`;
      res.writeHead(403, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ success: false, errors: [{ code: 10000, message }], messages: [], result: null, message }),
      );
      return;
    }
    let out = text;
    if (token && type.includes("json")) {
      try {
        out = JSON.stringify(inject(JSON.parse(text), echo));
      } catch {
        // Not JSON after all: passed on as it came.
      }
    }
    res.writeHead(upstream.status, { "content-type": type });
    res.end(out);
  });
  await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
  const hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  stack = await startStack({
    port: 0,
    demoPort: 0,
    build: false,
    withoutDemo: true,
    bindings: {
      RUNBOOK_DEMO_ORIGIN: hostileUrl,
      RUNBOOK_REUSE_SECONDS: "0",
      RUNBOOK_RUNS_PER_MINUTE: "100000",
      ...SECRETS,
    },
    onLog: (line) => logs.push(line),
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  hostile?.close();
  await demo?.close();
});

const calls: [string, string][] = [
  ["GET", "/api/version?env=demo"],
  ["GET", "/api/rollback?env=demo"],
  ["GET", "/api/config-check?env=demo"],
  ["GET", "/api/build?env=demo"],
  ["GET", "/api/dns?env=demo"],
  ["POST", "/api/webhooks/probe?env=demo"],
  ["POST", "/api/checks/frontend/run?env=demo"],
  ["POST", "/api/checks/convex-version/run?env=demo"],
  ["POST", "/api/verify?env=demo"],
  ["POST", "/api/verify/checks/frontend?env=demo"],
  ["POST", "/api/verify/checks/convex-version?env=demo"],
];

/** Which forms of which secret `text` carries, and any secret's first 10 characters of its own part. */
function traces(text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(SECRETS).flatMap(([name, value]) => [
    ...echoes(value)
      // As sent, and as it reads inside a JSON string (line breaks escaped).
      .filter((form) => [form, JSON.stringify(form).slice(1, -1)].some((f) => lower.includes(f.toLowerCase())))
      .map((form) => `${name} as ${form}`),
    ...(lower.includes(tag.slice(0, 6)) ? [`${name}: the start of its secret part`] : []),
  ]);
}

describe("an upstream that echoes every token in every form", () => {
  it.each(["echo-in-200", "echo-in-error"] as const)(
    "%s: no answer and no log line carries any of it",
    { timeout: 60_000 },
    async (which) => {
      mode = which;
      echoed.clear();
      const found: string[] = [];
      for (const [method, path] of calls) {
        const res = await fetch(`${stack.url}${path}`, { method, signal: AbortSignal.timeout(30_000) });
        const body = await res.text();
        const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        found.push(...traces(`${headers}\n${body}`).map((t) => `${method} ${path}: ${t}`));
      }
      // The echo really happened: every token reached the hostile upstream.
      expect([...echoed].sort()).toEqual(Object.values(SECRETS).sort());
      await new Promise((resolve) => setTimeout(resolve, 500));
      found.push(...logs.flatMap((line) => traces(line).map((t) => `log: ${t}`)));
      expect(found).toEqual([]);
    },
  );
});
