import { z } from "zod";
import { checkDefinition } from "./checks.ts";
import { contacts } from "./contacts.ts";
import { deployWindow } from "./deploy-window.ts";
import { environment, environmentId } from "./environment.ts";
import { notifications } from "./notifications.ts";
import { refineWatch } from "./watch.ts";

/** The runbook's success criteria, defaulting to the source runbook's own numbers. */
export const successCriteria = z
  .object({
    maxErrorRate: z.number().min(0).max(1).default(0.01).describe("Error rate must stay below this (runbook: < 1%)."),
    p95Ms: z
      .number()
      .int()
      .positive()
      .default(2_000)
      .describe("p95 response time must stay below this (runbook: < 2 s)."),
    samples: z.number().int().min(1).max(100).default(5).describe("Requests per endpoint in a smoke run."),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(32)
      .default(6)
      .describe("Requests in flight at once per endpoint during a smoke run (endpoints run side by side)."),
  })
  .strict()
  .prefault({});

/** The step-6 monitor (`<Monitor>`, `/api/monitor`): how often it samples the smoke checks, and for how long. */
export const monitorSettings = z
  .object({
    intervalSeconds: z
      .number()
      .int()
      .min(5)
      .max(600)
      .default(30)
      .describe(
        "Seconds between two samplings of the smoke checks while a watch runs (one sampling per interval, however many watch).",
      ),
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(240)
      .default(30)
      .describe("How long a watch runs (runbook: the first 30 minutes)."),
    samples: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(2)
      .describe("Requests per smoke check in each sampling; the p95 and error rate of a sample are over all of them."),
  })
  .strict()
  .prefault({});

export const runbookConfig = z
  .object({
    $schema: z.string().optional(),
    title: z.string().min(1).default("Dashtray runbook"),
    checks: z
      .array(checkDefinition)
      .default([])
      .describe("Checks every environment has (an environment may replace one by id)."),
    environments: z
      .record(environmentId, environment)
      .refine((envs) => Object.keys(envs).length > 0, { message: "configure at least one environment" })
      .describe("The environments by id, in the order the picker lists them (the first is the default)."),
    successCriteria,
    monitor: monitorSettings,
    contacts,
    deployWindow,
    notifications: notifications.describe(
      "Who hears about deployments, breaches and rollbacks: channels (Slack, signed webhooks, PagerDuty) and routes per environment.",
    ),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [envId, env] of Object.entries(config.environments)) {
      const seen = new Set<string>();
      env.checks.forEach((check, index) => {
        if (seen.has(check.id))
          ctx.addIssue({
            code: "custom",
            path: ["environments", envId, "checks", index, "id"],
            message: `duplicate check id "${check.id}"`,
          });
        seen.add(check.id);
      });
      const targets = Object.keys(env.targets);
      const all = [
        ...config.checks.map((c, i) => ({ c, path: ["checks", i] })),
        ...env.checks.map((c, i) => ({ c, path: ["environments", envId, "checks", i] })),
      ];
      for (const { c, path } of all) {
        const overridden = path[0] === "checks" && env.checks.some((own) => own.id === c.id);
        if (!overridden && !targets.includes(c.target))
          ctx.addIssue({
            code: "custom",
            path: [...path, "target"],
            message: `environment "${envId}" has no target "${c.target}" (it has: ${targets.join(", ")})`,
          });
      }
    }
    for (const [envId, env] of Object.entries(config.environments)) refineWatch(envId, env, config.checks, ctx);
    for (const envId of Object.keys(config.notifications.routes))
      if (!(envId in config.environments))
        ctx.addIssue({
          code: "custom",
          path: ["notifications", "routes", envId],
          message: `no environment "${envId}" (it has: ${Object.keys(config.environments).join(", ")})`,
        });
    const sharedIds = new Set<string>();
    config.checks.forEach((check, index) => {
      if (sharedIds.has(check.id))
        ctx.addIssue({ code: "custom", path: ["checks", index, "id"], message: `duplicate check id "${check.id}"` });
      sharedIds.add(check.id);
    });
  });

export type RunbookConfig = z.output<typeof runbookConfig>;
export type RunbookConfigInput = z.input<typeof runbookConfig>;
