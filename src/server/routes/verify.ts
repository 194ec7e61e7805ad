import { type Context, Hono } from "hono";
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import { runSmoke, sample, samplesPerCheck, smokeChecks } from "../../core/checks/run.ts";
import type { CheckDefinition } from "../../core/config/checks.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { RunbookConfig } from "../../core/config/schema.ts";
import type { VerifyEvent, VerifyPart } from "../../core/result.ts";
import { ApiFailure } from "../errors.ts";
import { historyDatabase, isDatabase } from "../history/database.ts";
import { recordPressPart } from "../history/verify-presses.ts";
import { actorOf } from "../lib/actor.ts";
import { costsNothing } from "../lib/coalesce.ts";
import type { InvocationLimits } from "../lib/invocation.ts";
import { keepAlive } from "../lib/keep-alive.ts";
import { ndjsonAnswer } from "../lib/ndjson.ts";
import { audited } from "../middleware/audit.ts";
import { environmentParam } from "../middleware/environment.ts";
import { limitRuns } from "../middleware/limit-runs.ts";
import { described } from "../middleware/reference.ts";
import { deliverSoon } from "../notify/soon.ts";
import type { Runtime } from "../runtime.ts";
import type { AppEnv } from "../types.ts";
import { checkPath, refuseBody, validParam } from "../validation/index.ts";

/** `?press=`: the page's press this check belongs to (a UUID it made), so the press is judged here too. */
const pressQuery = z.object({ press: z.uuid("expected the press's UUID, as crypto.randomUUID() makes").optional() });

/**
 * `POST /api/verify?env=`: the smoke suite, streamed as NDJSON. One `start` line, one `result` line per
 * check as it completes, then a `summary` line judged against the Success Criteria.
 *
 * Presses for one environment share one sampling run (every waiting client gets its events as they
 * come) and a finished run is reused like a single check's answer. The run keeps to one invocation's
 * limits: at most 6 requests in flight, samples cut to fit the subrequest budget, and no more checks
 * than the CPU budget allows (`RUNBOOK_INVOCATION_CHECKS`, 2 by default: over it, 422 before anything
 * is probed).
 *
 * `POST /api/verify/checks/{id}?env=`: one smoke check of verify-all, sampled in an invocation of its
 * own (what the Verify-all widget sends, one per check, all at once, judging the run itself): each
 * invocation keeps its samples within 6 connections, 50 subrequests and the CPU of one check, so
 * verify-all over any number of checks takes about as long as its slowest check. Shared and reused
 * per environment and check like a whole run. With `press=<uuid>` (the widget's), the answers of one
 * press are kept and the invocation that brings the last one judges the press and tells the team.
 */
export const verify = new Hono<AppEnv>()
  .post(
    "/checks/:id",
    described(
      "One smoke check of verify-all, sampled in an invocation of its own (what the Verify-all widget sends, one per check); with `press` (the press's UUID) the press is judged and announced once its last check is in.",
    ),
    audited("verify-all"),
    limitRuns(weighPart),
    environmentParam(pressQuery),
    validParam(checkPath),
    async (c) => {
      const runtime = c.get("runtime");
      const environment = c.get("environment");
      const { id } = c.req.valid("param");
      const { press } = c.req.valid("query");
      await refuseBody(c);
      const check = smokeChecks(environment).find((k) => k.id === id);
      if (!check)
        throw new ApiFailure(
          404,
          "unknown_check",
          `"${id}" is not a smoke check of environment "${environment.id}" (smoke checks: ${smokeChecks(environment)
            .map((k) => k.id)
            .join(", ")})`,
        );
      const { value, shared } = await runtime.shared.run(
        partKey(environment.id, check.id),
        () => verifyPart(runtime.fetch, environment, check, runtime.loaded.config.successCriteria, runtime.limits),
        { reuse: runtime.reuse.parts },
      );
      const part = { ...value, result: { ...value.result, cached: shared } } satisfies VerifyPart;
      if (press) judgeWhenWhole(c, press, part);
      return c.json(part);
    },
  )
  .post(
    "/",
    described(
      "The smoke suite in one invocation, streamed as NDJSON (start, a result per check, summary); refused over the invocation's check budget.",
    ),
    audited("verify-all"),
    limitRuns(weighVerify),
    environmentParam(),
    async (c) => {
      const runtime = c.get("runtime");
      const environment = c.get("environment");
      await refuseBody(c);
      const count = smokeChecks(environment).length;
      if (count > runtime.limits.checks)
        throw new ApiFailure(
          422,
          "over_invocation_budget",
          `verify-all over ${count} smoke checks is more than one invocation may run (${runtime.limits.checks} checks: RUNBOOK_INVOCATION_CHECKS, within the Free plan's 10 ms of CPU); run each check with POST /api/verify/checks/{id}?env=${environment.id}, as the Verify-all widget does, or raise RUNBOOK_INVOCATION_CHECKS on a Paid plan`,
        );
      return ndjsonAnswer<VerifyEvent>(
        c,
        "verify",
        async (send) => {
          let sent = 0;
          const { value: events } = await runtime.shared.run<VerifyEvent[], VerifyEvent>(
            `verify:${environment.id}`,
            (publish) => verifyRun(runtime, environment, publish),
            {
              reuse: runtime.reuse.verify,
              onEvent: (event) => {
                sent += 1;
                void send(event);
              },
            },
          );
          // A reused run arrives whole, not event by event.
          for (const event of events.slice(sent)) await send(event);
        },
        () => ({
          type: "error",
          error: { code: "internal", message: "the verify run stopped unexpectedly; the Function log has the details" },
        }),
      );
    },
  );

const partKey = (environment: string, check: string) => `verify-part:${environment}/${check}`;

/**
 * One smoke check's share of verify-all, as one invocation runs it: its samples (cut to the subrequest
 * budget) with at most as many in flight as the invocation has connections, so none waits in the
 * runtime's queue and every latency is the target's.
 */
export async function verifyPart(
  fetch: FetchLike,
  environment: ResolvedEnvironment,
  check: CheckDefinition,
  criteria: RunbookConfig["successCriteria"],
  limits: Pick<InvocationLimits, "connections" | "subrequests">,
): Promise<VerifyPart> {
  const samples = Math.max(1, Math.min(criteria.samples, limits.subrequests));
  const inFlight = Math.max(1, Math.min(criteria.concurrency, limits.connections));
  const { result, latencies, errors, count } = await sample({ fetch, environment }, check, samples, inFlight);
  return {
    environment: environment.id,
    result,
    samples: { latencies, errors, count },
    criteria: {
      maxErrorRate: criteria.maxErrorRate,
      p95Ms: criteria.p95Ms,
      samples: criteria.samples,
      concurrency: criteria.concurrency,
    },
  };
}

/**
 * After the answer (`waitUntil`): keeps this check's answer under its press and, when it is the press's
 * last, records the press's verdict and delivers it. Without a database the press is the page's alone.
 */
function judgeWhenWhole(c: Context<AppEnv>, press: string, part: VerifyPart): void {
  const bound = c.env?.RUNBOOK_DB;
  if (!isDatabase(bound)) return;
  const environment = c.get("environment");
  const work = (async () => {
    const event = await recordPressPart(await historyDatabase(bound), {
      press,
      environment,
      smokeIds: smokeChecks(environment).map((k) => k.id),
      actor: actorOf(c.get("identity")),
      part,
      siteUrl: new URL(c.req.url).origin,
    });
    if (event) deliverSoon(c, [event.id]);
  })().catch((error: unknown) => console.error(`[verify] press not judged: ${(error as Error).message}`));
  keepAlive(c, work);
}

/** A part that starts a run counts for its samples; one joining a run in flight or reusing an answer counts nothing. */
async function weighPart(c: Context<AppEnv>): Promise<number> {
  const runtime = c.get("runtime");
  const environment = runtime.loaded.environments.find((e) => e.id === (c.req.query("env") ?? ""));
  const id = c.req.param("id") ?? "";
  if (!environment || !smokeChecks(environment).some((k) => k.id === id)) return 1; // refused by the route
  if (await costsNothing(runtime.shared, runtime.reuse.parts, partKey(environment.id, id))) return 0;
  return Math.max(1, Math.min(runtime.loaded.config.successCriteria.samples, runtime.limits.subrequests));
}

/** One sampling run, publishing each event as it happens; its events are what followers and reuse replay. */
async function verifyRun(
  runtime: Runtime,
  environment: ResolvedEnvironment,
  publish: (event: VerifyEvent) => void,
): Promise<VerifyEvent[]> {
  const events: VerifyEvent[] = [];
  const emit = (event: VerifyEvent) => {
    events.push(event);
    publish(event);
  };
  emit({
    type: "start",
    environment: environment.id,
    checks: smokeChecks(environment).map((k) => ({ id: k.id, title: k.title })),
  });
  const { summary } = await runSmoke(
    { fetch: runtime.fetch, environment },
    {
      criteria: runtime.loaded.config.successCriteria,
      limits: { connections: runtime.limits.connections, requests: runtime.limits.subrequests },
      onResult: (result) => emit({ type: "result", result }),
    },
  );
  emit({ type: "summary", summary });
  return events;
}

/**
 * A press that starts a run counts for every probe the run will make; one that joins a run in flight or
 * reuses a finished one counts nothing. (An unknown environment counts once and is refused by the route.)
 */
async function weighVerify(c: Context<AppEnv>): Promise<number> {
  const runtime = c.get("runtime");
  const id = c.req.query("env") ?? "";
  const environment = runtime.loaded.environments.find((e) => e.id === id);
  if (!environment) return 1;
  if (await costsNothing(runtime.shared, runtime.reuse.verify, `verify:${environment.id}`)) return 0;
  const checks = smokeChecks(environment).length;
  if (checks > runtime.limits.checks) return 1; // refused before anything is probed
  return (
    checks *
    samplesPerCheck(checks, runtime.loaded.config.successCriteria.samples, {
      connections: runtime.limits.connections,
      requests: runtime.limits.subrequests,
    })
  );
}
