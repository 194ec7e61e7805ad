/**
 * @module
 * What an action's run is given once every guard passed: who, where, from what to what, why, where it
 * is recorded and where its progress goes.
 */
import type { ResolvedEnvironment } from "../../core/config/load.ts";
import type { DeploymentRef, RollbackEvent } from "../../core/deploy/rollback-action.ts";
import type { D1Database } from "../history/d1.ts";
import type { Runtime } from "../runtime.ts";
import type { PressBody, Settings } from "./guards.ts";

export type ActionKind = "pages" | "convex";

/** A press that passed every guard: its settings, database, body, and what it goes from and to. */
export interface Prepared {
  settings: Settings;
  db: D1Database;
  body: PressBody;
  from: DeploymentRef;
  to: DeploymentRef;
}

/** Writes the action's audit row (`rollback-action`); never throws. */
export type AuditAction = (outcome: string, status: number, target: string | null, detail: string) => Promise<void>;

/** One action's run: the provider call, the read-back, the verification and the records. */
export interface ActionRun {
  runtime: Runtime;
  env: ResolvedEnvironment;
  bindings: object;
  settings: Settings;
  db: D1Database;
  /** Who pressed (an Access identity, `local`, or the watch's own identity for an automatic rollback). */
  actor: string;
  actionId: number;
  from: DeploymentRef;
  to: DeploymentRef;
  reason: string;
  /** When the press was made (ISO): runs the dispatch started are looked for from then on. */
  pressedAt: string;
  publish: (event: RollbackEvent) => void;
  audit: AuditAction;
  /** How the team hears of the outcome: links back to the runbook, and the outcome's events sent on their way. */
  notify?: { siteUrl: string | undefined; tell: (eventIds: string[]) => void };
}
