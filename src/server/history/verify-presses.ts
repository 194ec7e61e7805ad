/**
 * @module
 * The page's Verify all, judged on the server too. The page sends one request per smoke check, each its
 * own invocation, all carrying the press's id; each invocation keeps its check's answer here
 * (`verify_press_parts`, migration 0009), and the one that finds every smoke check of the environment
 * in, all from the same person, judges the press with the page's own code (`judge`) and records the
 * `verify.*` event. The event's id comes from the press, so two invocations finishing together record
 * it once. A press whose tab closed before its last check tells nobody: there is no verdict to tell.
 */
import { judge } from "../../core/checks/judge.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { NotificationEvent } from "../../core/notify/events.ts";
import { type VerifyPart, verifyPart } from "../../core/result.ts";
import { eventStatements } from "../notify/events.ts";
import { verifyOutcomeEvent } from "../notify/verify-event.ts";
import type { D1Database } from "./d1.ts";

export interface PressPart {
  /** The press's id, a UUID the page made (`?press=`). */
  press: string;
  environment: ResolvedEnvironment;
  /** The environment's smoke checks: the press is whole when each has an answer. */
  smokeIds: readonly string[];
  actor: string;
  part: VerifyPart;
  siteUrl: string;
  now?: number;
}

interface Row {
  check_id: string;
  environment: string;
  actor: string;
  part: string;
}

/** The event id of a press's verdict: one per press, whichever invocation writes it. */
export const pressEventId = (press: string) => `evt_press-${press}`;

/**
 * Keeps one check's answer of a press (a repeat of the same check is ignored); when it completes the
 * press, records the press's verdict event and answers it, else answers undefined.
 */
export async function recordPressPart(db: D1Database, input: PressPart): Promise<NotificationEvent | undefined> {
  const { press, environment, smokeIds } = input;
  await db
    .prepare(
      `INSERT INTO verify_press_parts (press_id, check_id, environment, actor, at, part)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING`,
    )
    .bind(
      press,
      input.part.result.checkId,
      environment.id,
      input.actor,
      new Date(input.now ?? Date.now()).toISOString(),
      JSON.stringify(input.part),
    )
    .run();
  const { results } = await db
    .prepare("SELECT check_id, environment, actor, part FROM verify_press_parts WHERE press_id = ?1 LIMIT ?2")
    .bind(press, smokeIds.length + 1)
    .all<Row>();
  const parts = wholePress(results, input);
  if (!parts) return undefined;
  const summary = judge(
    { environment: { id: environment.id } },
    parts.map((p) => p.result),
    {
      latencies: parts.flatMap((p) => p.samples.latencies),
      errors: parts.reduce((n, p) => n + p.samples.errors, 0),
      count: parts.reduce((n, p) => n + p.samples.count, 0),
    },
    input.part.criteria,
    Math.max(...parts.map((p) => p.result.durationMs)),
  );
  const event = verifyOutcomeEvent({
    environment,
    actor: input.actor,
    outcome: summary.status,
    siteUrl: input.siteUrl,
    failing: [
      ...parts.filter((p) => p.result.status === "fail" || p.result.status === "error").map((p) => p.result.checkId),
      ...summary.criteria.filter((c) => c.id !== "smoke" && c.status === "fail").map((c) => c.id),
    ],
    id: pressEventId(press),
  });
  await db.batch(eventStatements(db, event));
  return event;
}

/**
 * The press's answers when every smoke check has one, all for this environment from this person and
 * each still the shape the page judged; else undefined (not yet whole, or not one person's press).
 */
function wholePress(rows: Row[], input: PressPart): VerifyPart[] | undefined {
  if (rows.length !== input.smokeIds.length) return undefined;
  if (rows.some((r) => r.environment !== input.environment.id || r.actor !== input.actor)) return undefined;
  const ids = new Set(rows.map((r) => r.check_id));
  if (!input.smokeIds.every((id) => ids.has(id))) return undefined;
  const parts = rows.map((r) => verifyPart.safeParse(JSON.parse(r.part)).data);
  return parts.every((p): p is VerifyPart => p !== undefined) ? parts : undefined;
}
