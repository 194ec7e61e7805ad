/**
 * @module
 * What the watch Worker does for an environment with no tab open: `schedule`, the checks between
 * deploys (Gatus- and Checkly-like: which checks, how often, when an incident opens and resolves),
 * and `analysis`, how a post-deploy watch is judged (Argo Rollouts' AnalysisRun: the monitor's
 * interval and window are its interval and count, the Success Criteria its success condition).
 */
import { z } from "zod";

const checkRef = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'expected a check id such as "frontend"' });

/** Checks between deploys. Present means on; production runs every 5 minutes unless it says otherwise. */
export const scheduleSettings = z
  .object({
    everySeconds: z
      .number()
      .int()
      .min(10)
      .max(86_400)
      .default(300)
      .describe(
        "Seconds between two runs of each scheduled check (default 300). Deployed, the watch Worker's Cron Trigger fires once a minute, so anything under 60 runs once a minute; the local stack's clock keeps shorter paces (the demo: 10).",
      ),
    checks: z
      .array(checkRef)
      .min(1)
      .optional()
      .describe("Which checks run on the schedule, by id (default: the environment's smoke checks)."),
    openAfter: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(3)
      .describe("Consecutive failed runs of a check that open an incident (default 3)."),
    resolveAfter: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(2)
      .describe("Consecutive passing runs that resolve its open incident (default 2), so a flapping check stays open."),
    retentionDays: z
      .number()
      .int()
      .min(7)
      .max(90)
      .default(8)
      .describe(
        "Days scheduled runs are kept (default 8: the 7-day uptime and a day more); incidents are kept 90 days.",
      ),
  })
  .strict();
export type ScheduleSettings = z.output<typeof scheduleSettings>;

/** The guarded rollback the watch performs itself when its verdict is "roll back recommended". */
export const autoRollbackSettings = z
  .object({
    enabled: z.boolean().default(false).describe("Roll back by itself on the verdict (off unless enabled)."),
    identity: z
      .string()
      .regex(/^service:[^\s]{1,200}$/, { message: 'expected "service:<name>", e.g. "service:runbook-watch"' })
      .default("service:runbook-watch")
      .describe("Who the watch acts as: must be on this environment's rollbackAction.allow list; audited as such."),
  })
  .strict();

/** How a post-deploy watch is judged. */
export const analysisSettings = z
  .object({
    failureLimit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe(
        'Consecutive samples that breach the Success Criteria before the verdict is "roll back recommended" (Argo\'s failureLimit; default 3).',
      ),
    autoRollback: autoRollbackSettings
      .prefault({})
      .describe(
        "Opt-in: on the verdict, the watch performs the guarded Pages rollback to the last good deployment itself (needs rollbackAction enabled, with the identity allowed).",
      ),
  })
  .strict();
export type AnalysisSettings = z.output<typeof analysisSettings>;

interface WatchedEnvironment {
  checks: readonly { id: string }[];
  schedule?: ScheduleSettings | undefined;
  analysis: AnalysisSettings;
  rollbackAction?: { enabled: boolean; allow: readonly string[] } | undefined;
}

/**
 * The rules one field cannot say alone: scheduled checks must exist; the automatic rollback needs the
 * rollback action on, with its identity on the allow-list (it is a press like any other).
 */
export function refineWatch(
  envId: string,
  env: WatchedEnvironment,
  shared: readonly { id: string }[],
  ctx: z.RefinementCtx,
): void {
  const known = new Set([...shared, ...env.checks].map((c) => c.id));
  env.schedule?.checks?.forEach((id, index) => {
    if (!known.has(id))
      ctx.addIssue({
        code: "custom",
        path: ["environments", envId, "schedule", "checks", index],
        message: `environment "${envId}" has no check "${id}" (it has: ${[...known].join(", ")})`,
      });
  });
  const auto = env.analysis.autoRollback;
  if (!auto.enabled) return;
  const path = ["environments", envId, "analysis", "autoRollback", "enabled"];
  if (!env.rollbackAction?.enabled)
    ctx.addIssue({
      code: "custom",
      path,
      message: `the automatic rollback of "${envId}" needs rollbackAction.enabled: it is the same guarded rollback`,
    });
  else if (!env.rollbackAction.allow.some((entry) => entry.toLowerCase() === auto.identity.toLowerCase()))
    ctx.addIssue({
      code: "custom",
      path: ["environments", envId, "analysis", "autoRollback", "identity"],
      message: `"${auto.identity}" is not on environments.${envId}.rollbackAction.allow: add it there so the watch may press the rollback`,
    });
}
