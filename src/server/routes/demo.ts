import { Hono } from "hono";
import { z } from "zod";
import { ApiFailure } from "../errors.ts";
import { described } from "../middleware/reference.ts";
import type { Runtime } from "../runtime.ts";
import type { AppEnv } from "../types.ts";
import { limitBody, refuseBody, validJson } from "../validation/index.ts";

/** What a reader may change about the demo Dashtray from the docs page. */
export const demoStateChange = z
  .object({
    mode: z.enum(["healthy", "degraded", "down", "slow"]).optional(),
    slowMs: z.number().int().min(0).max(30_000).optional(),
    webhookVerification: z.enum(["on", "off"]).optional(),
    pagesScenario: z.enum(["normal", "rolled-back"]).optional(),
    versionScenario: z.enum(["matched", "mismatch"]).optional(),
    cloudflareApi: z.enum(["ok", "error", "rate-limited"]).optional(),
    githubApi: z.enum(["ok", "error", "rate-limited", "secondary-rate-limited"]).optional(),
    variablesScenario: z.enum(["complete", "missing"]).optional(),
    dnsScenario: z.enum(["correct", "wrong-record", "nxdomain"]).optional(),
    domainScenario: z.enum(["active", "pending", "error"]).optional(),
    buildScenario: z.enum(["passing", "failing", "approval", "stale"]).optional(),
    gitScenario: z.enum(["pushed", "force-pushed"]).optional(),
    rollbackScenario: z.enum(["page-1", "page-2", "page-5", "beyond-bound"]).optional(),
    newestDeploy: z.enum(["good", "broken"]).optional(),
    rollbackAnswer: z.enum(["normal", "error-page-502", "timeout", "reset", "refused", "garbled"]).optional(),
    rollbackApplied: z.enum(["yes", "no", "yes-then-outage"]).optional(),
    dispatchAnswer: z
      .enum(["run-details", "no-content", "secondary-rate-limited", "rate-limited-429", "error-page-502", "timeout"])
      .optional(),
    deployRun: z.enum(["success", "failure", "approval"]).optional(),
  })
  .strict();

const sinkMode = z.enum(["ok", "invalid_token", "channel_not_found", "rate_limited", "error", "down"]);

/** How the demo's notification sinks answer (each like its provider), or `clear` to forget what they received. */
export const demoSinksChange = z
  .object({
    slack: sinkMode.optional(),
    webhook: sinkMode.optional(),
    pagerduty: sinkMode.optional(),
    clear: z.literal(true).optional(),
  })
  .strict();

/** `GET|POST /api/demo/state`: reads or flips the demo Dashtray's mode. Only exists where the demo does. */
export const demo = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!c.get("runtime").demoOrigin)
      throw new ApiFailure(404, "demo_disabled", "this deployment of the runbook has no demo environment");
    await next();
  })
  .get("/state", described("The demo Dashtray's modes (demo only)."), async (c) =>
    c.json(await forward(c.get("runtime"), "GET", "/__demo/state")),
  )
  .post(
    "/state",
    described("Switches the demo Dashtray's modes (demo only); reused answers are forgotten."),
    limitBody(),
    validJson(demoStateChange),
    async (c) => c.json(await forward(c.get("runtime"), "POST", "/__demo/state", c.req.valid("json"))),
  )
  // What the team saw: the demo's Slack, webhook and PagerDuty sinks, newest first.
  .get(
    "/notifications",
    described("What the demo's notification sinks received, newest first (demo only)."),
    async (c) => c.json(await forward(c.get("runtime"), "GET", "/__demo/notifications")),
  )
  .post(
    "/notifications",
    described("Switches how the demo's notification sinks answer, or clears them (demo only)."),
    limitBody(),
    validJson(demoSinksChange),
    async (c) => c.json(await forward(c.get("runtime"), "POST", "/__demo/notifications", c.req.valid("json"))),
  )
  .post("/reset", described("Puts the demo Dashtray back to healthy (demo only)."), async (c) => {
    await refuseBody(c);
    return c.json(await forward(c.get("runtime"), "POST", "/__demo/reset"));
  });

/** Sends a request to the demo's control endpoint; a change forgets reused answers, which describe the old mode. */
async function forward(runtime: Runtime, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const origin = runtime.demoOrigin as string;
  let res: Response;
  try {
    res = await runtime.fetch(`${origin}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(3_000),
    });
  } catch {
    throw new ApiFailure(
      502,
      "demo_unreachable",
      `the demo Dashtray at ${origin} is not answering; is \`npm start\` running?`,
    );
  }
  if (method === "POST") await runtime.forget();
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok || data === null) throw new ApiFailure(502, "demo_error", `the demo Dashtray answered ${res.status}`);
  return data;
}
