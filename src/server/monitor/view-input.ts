/**
 * @module
 * The body of `POST /api/monitor/view`: a series as the `<Monitor>` widget holds it (from `GET
 * /api/monitor`, or this browser's copy where no D1 is bound), and how the reader reads times. Only what
 * the view draws is read; other fields are dropped. Bounds keep one body small: a 4-hour demo window
 * sampled every second is 14,400 slots.
 */
import { z } from "zod";
import { environmentId, locale, slug, timeZone } from "../validation/index.ts";

/** The largest body the view reads: an ordinary watch (30 minutes at 30 s, four checks) is about 25 KB. */
export const MAX_VIEW_BODY_BYTES = 1024 * 1024;

const MAX_SLOTS = 14_400;
const time = z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-03-01T14:05:00Z" });
const words = z.string().max(2000);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const figure = z.number().min(0).max(Number.MAX_SAFE_INTEGER);

const watch = z.object({
  id: count.min(1),
  environment: environmentId,
  startedAt: time,
  intervalMs: z.number().int().min(1000).max(3_600_000),
  // A watch stopped right after it started has its window cut to the milliseconds it ran (`endedWindow`).
  windowMs: z
    .number()
    .int()
    .min(1)
    .max(24 * 3_600_000),
  startedBy: z.string().max(300),
  deploymentId: count.nullable().default(null),
  criteria: z.object({ p95Ms: figure, maxErrorRate: z.number().min(0).max(1) }),
  verdict: z
    .object({ state: z.literal("rollback-recommended"), at: time, reason: words })
    .nullable()
    .optional(),
  autoRollback: words.nullable().optional(),
});

const sample = z.object({
  slot: count.max(MAX_SLOTS),
  at: time,
  status: z.enum(["pass", "warn", "fail"]),
  p95Ms: figure,
  errorRate: z.number().min(0).max(1),
  requests: count.default(0),
  breached: z.array(z.string().max(40)).max(10),
  checks: z
    .array(z.object({ id: slug, status: z.enum(["pass", "warn", "fail", "error"]), p95Ms: figure, errors: count }))
    .max(100),
});

export const monitorViewInput = z.object({
  watch,
  samples: z.array(sample).max(MAX_SLOTS),
  gaps: z
    .array(z.object({ slot: count.max(MAX_SLOTS), reason: words }))
    .max(MAX_SLOTS)
    .optional(),
  /** How the reader's browser says times (`navigator.language`); default `en-US`. */
  locale: locale.optional(),
  /** The reader's time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`); default UTC. */
  timeZone: timeZone.optional(),
});

export type MonitorViewBody = z.output<typeof monitorViewInput>;
