/**
 * @module
 * Deployments planned ahead, in the shared log: each is checked against the deployment window when it
 * is planned, announced to the environment's channels `deployWindow.announceHours` before it starts,
 * and again when it starts. The announcements are notification events with ids made from the plan's,
 * so however many invocations find one due, it is written once.
 */
import type { DeployWindow } from "../../core/config/deploy-window.ts";
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import { buildEvent } from "../../core/notify/build.ts";
import type { NotificationEvent } from "../../core/notify/events.ts";
import { evaluateWindow, type WindowEvaluation } from "../../core/window/evaluate.ts";
import { formatClock, formatDay } from "../../core/window/format.ts";
import type { D1Database, D1PreparedStatement } from "../history/d1.ts";
import { eventStatements } from "./events.ts";

export interface PlannedDeployment {
  id: number;
  environment: string;
  plannedFor: string;
  what: string;
  plannedBy: string;
  at: string;
  window: string;
  announcedAt: string | null;
  startAnnouncedAt: string | null;
}

const COLUMNS = `id, environment, planned_for AS plannedFor, what, planned_by AS plannedBy, at, window_verdict AS window,
  announced_at AS announcedAt, start_announced_at AS startAnnouncedAt`;

/** A start announced more than this late (the Worker was down) is marked, not announced: it would mislead. */
const LATE_START_MS = 60 * 60 * 1000;

/** "best: Tuesday 10:30 (America/New_York)", "avoid: Friday; late night (20:00–07:00)". */
export function windowWords(evaluation: WindowEvaluation, at: Date): string {
  const clock = formatClock(at, evaluation.timeZone).split(" ")[1] ?? "";
  const when = `${formatDay(at, evaluation.timeZone)} ${clock} (${evaluation.timeZone})`;
  return evaluation.reasons.length > 0
    ? `${evaluation.verdict}: ${evaluation.reasons.join("; ")} · ${when}`.slice(0, 200)
    : `${evaluation.verdict} · ${when}`.slice(0, 200);
}

export function checkPlan(plannedFor: string, rules: DeployWindow): { evaluation: WindowEvaluation; words: string } {
  const at = new Date(plannedFor);
  const evaluation = evaluateWindow(at, rules);
  return { evaluation, words: windowWords(evaluation, at) };
}

function announcement(
  plan: PlannedDeployment,
  environment: ResolvedEnvironment,
  kind: "announce" | "start",
  siteUrl: string | undefined,
  at: string,
) {
  const starts = kind === "start";
  return buildEvent({
    id: `evt_planned_${plan.id}_${kind}`,
    type: starts ? "deployment.planned_start" : "deployment.planned",
    environment,
    actor: plan.plannedBy,
    summary: starts
      ? `Starting now as planned: ${plan.what}`
      : `Planned for ${plan.plannedFor} (${plan.window}): ${plan.what}`,
    facts: { plannedFor: plan.plannedFor, window: plan.window },
    siteUrl,
    at,
  });
}

/** Plans one; the announcement goes out in the same batch when the start is already within `announceHours`. */
export async function planDeployment(
  db: D1Database,
  input: {
    environment: ResolvedEnvironment;
    plannedFor: string;
    what: string;
    window: string;
    idempotencyKey?: string;
  },
  actor: string,
  now: Date,
  announceHours: number,
  siteUrl: string | undefined,
): Promise<{ created: boolean; plan: PlannedDeployment; eventIds: string[] }> {
  if (input.idempotencyKey) {
    const existing = await db
      .prepare(`SELECT ${COLUMNS} FROM planned_deployments WHERE idempotency_key = ?1`)
      .bind(input.idempotencyKey)
      .first<PlannedDeployment>();
    if (existing) return { created: false, plan: existing, eventIds: [] };
  }
  const inserted = await db
    .prepare(
      `INSERT INTO planned_deployments (environment, planned_for, what, planned_by, at, window_verdict, idempotency_key)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    )
    .bind(
      input.environment.id,
      input.plannedFor,
      input.what,
      actor,
      now.toISOString(),
      input.window,
      input.idempotencyKey ?? null,
    )
    .first<PlannedDeployment>();
  if (!inserted) {
    const existing = await db
      .prepare(`SELECT ${COLUMNS} FROM planned_deployments WHERE idempotency_key = ?1`)
      .bind(input.idempotencyKey ?? null)
      .first<PlannedDeployment>();
    if (!existing) throw new Error("planned deployment insert was ignored but no row has its key");
    return { created: false, plan: existing, eventIds: [] };
  }
  const eventIds = await announceDue(db, [input.environment], announceHours, now, siteUrl);
  const plan = await db
    .prepare(`SELECT ${COLUMNS} FROM planned_deployments WHERE id = ?1`)
    .bind(inserted.id)
    .first<PlannedDeployment>();
  return { created: true, plan: plan ?? inserted, eventIds };
}

export async function listPlanned(db: D1Database, environment: string, now: Date): Promise<PlannedDeployment[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM planned_deployments WHERE environment = ?1 AND cancelled_at IS NULL AND planned_for >= ?2
       ORDER BY planned_for LIMIT 20`,
    )
    .bind(environment, new Date(now.getTime() - LATE_START_MS).toISOString())
    .all<PlannedDeployment>();
  return results;
}

/**
 * The announcements now due, each written with the mark that it went out in one batch: "planned" once
 * the start is within `announceHours`, "starts now" once it has come (within an hour of it).
 */
export async function announceDue(
  db: D1Database,
  environments: readonly ResolvedEnvironment[],
  announceHours: number,
  now: Date,
  siteUrl: string | undefined,
): Promise<string[]> {
  const horizon = new Date(now.getTime() + announceHours * 3600_000).toISOString();
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM planned_deployments
       WHERE cancelled_at IS NULL AND start_announced_at IS NULL AND planned_for <= ?1 ORDER BY planned_for LIMIT 20`,
    )
    .bind(horizon)
    .all<PlannedDeployment>();
  const at = now.toISOString();
  const statements: D1PreparedStatement[] = [];
  const eventIds: string[] = [];
  const add = (event: NotificationEvent) => {
    eventIds.push(event.id);
    statements.push(...eventStatements(db, event));
  };
  for (const plan of results) {
    const environment = environments.find((e) => e.id === plan.environment);
    const started = Date.parse(plan.plannedFor) <= now.getTime();
    if (!plan.announcedAt && environment && !started) {
      add(announcement(plan, environment, "announce", siteUrl, at));
      statements.push(
        db
          .prepare("UPDATE planned_deployments SET announced_at = ?2 WHERE id = ?1 AND announced_at IS NULL")
          .bind(plan.id, at),
      );
    }
    if (started) {
      if (environment && now.getTime() - Date.parse(plan.plannedFor) < LATE_START_MS)
        add(announcement(plan, environment, "start", siteUrl, at));
      statements.push(
        db
          .prepare(
            "UPDATE planned_deployments SET start_announced_at = ?2, announced_at = COALESCE(announced_at, ?2) WHERE id = ?1",
          )
          .bind(plan.id, at),
      );
    }
  }
  if (statements.length > 0) await db.batch(statements);
  return eventIds;
}
