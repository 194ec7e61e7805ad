/**
 * @module
 * The deployment record as `POST /api/record/markdown` takes it: the record form of one browser (what the
 * reader typed, the check results, Verify all run, checklists and monitor watch that browser saw), not the
 * D1 log. Only what the Markdown writes is read; other fields are dropped. Bounds keep one body small.
 */
import { z } from "zod";
import { type VersionField, versionFields } from "./fields.ts";

const short = z.string().max(500);
const long = z.string().max(20_000);
/** An ISO time as the browser wrote it; the Markdown shows the raw text when it is not one. */
const time = z.string().max(64);

const check = z.object({
  checkId: z.string().max(100),
  title: short,
  status: z.enum(["pass", "warn", "fail", "error"]),
  checkedAt: time,
  summary: long,
  source: z.enum(["check", "verify-all"]),
});

const smokeRun = z.object({
  status: z.enum(["pass", "warn", "fail"]),
  checkedAt: time,
  criteria: z.array(z.object({ label: short, status: z.enum(["pass", "fail"]), actual: short })).max(50),
});

const checklist = z.object({
  title: short,
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  items: z.array(z.object({ label: short, done: z.boolean(), check: z.string().max(100).optional() })).max(200),
});

const monitor = z.object({
  watch: z.object({
    id: z.number().int(),
    startedAt: time,
    intervalMs: z.number().positive(),
    windowMs: z.number().positive(),
  }),
  /** Only how many were kept is written. */
  samples: z.array(z.unknown()).max(10_000),
  verdict: z.object({ state: z.enum(["pass", "fail"]), text: long }).optional(),
});

export const deploymentRecordInput = z.object({
  environment: z.string().max(100),
  deployment: z.object({ name: short, key: short, startedAt: time }),
  time,
  deployedBy: short,
  rollbackOwner: short,
  version: z.object(Object.fromEntries(versionFields.map((f) => [f, short])) as Record<VersionField, typeof short>),
  // http too: the local demo's stand-in repository is served on loopback.
  repositoryUrl: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://github.com/<owner>/<repo>" })
    .max(300)
    .optional(),
  checks: z.array(check).max(500),
  smokeRun: smokeRun.optional(),
  checklists: z.array(checklist).max(50),
  monitor: monitor.optional(),
  rolledBack: short,
  notes: long,
  exportedAt: time,
});

/** What the Markdown writer reads of a deployment record. */
export type RecordForMarkdown = z.output<typeof deploymentRecordInput>;

/** The largest record body the API reads (a long deployment's checks and a monitor window of samples fit). */
export const MAX_RECORD_BODY_BYTES = 256 * 1024;
