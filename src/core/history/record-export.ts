/**
 * @module
 * One deployment's whole record as a file (issue 25): the deployment, every checklist tick with who and
 * when, every check result (attached by the page or seen by the audit log while it ran), every note and
 * each monitor watch with its verdict, in that order, written by `tableWriter` (same escaping, same end
 * and failure markers as the other exports).
 */
import { type FileWriter, type HistoryFormat, tableWriter } from "./export.ts";
import type { AttachedCheck, DeploymentSummary, SharedNote, SharedTick } from "./schemas.ts";

/** One line of the record. */
export type RecordPart =
  | { part: "deployment"; deployment: DeploymentSummary }
  | { part: "tick"; tick: SharedTick }
  | { part: "check"; check: AttachedCheck }
  | { part: "note"; note: SharedNote }
  | {
      part: "monitor";
      monitor: { watch: number; startedAt: string; startedBy: string; samples: number; verdict: string; text: string };
    };

export const RECORD_HEADER = ["Part", "Time", "Who", "What", "Result", "Detail"];

function recordRow(line: RecordPart): string[] {
  switch (line.part) {
    case "deployment": {
      const d = line.deployment;
      const ended = d.finishedAt ? `${d.finishedAt} by ${d.finishedBy ?? "?"}` : "";
      return [
        "deployment",
        d.startedAt,
        d.startedBy,
        `${d.environment} ${d.version ?? ""} (${d.targetCommit})${d.convexVersion ? `, Convex ${d.convexVersion}` : ""}`,
        d.status,
        ended ? `finished ${ended}` : "",
      ];
    }
    case "tick": {
      const t = line.tick;
      return [
        "tick",
        t.at,
        t.by,
        `${t.checklist}: ${t.label}`,
        t.ticked ? "ticked" : "unticked",
        t.checkId ? `ticked when check ${t.checkId} passed` : "",
      ];
    }
    case "check": {
      const k = line.check;
      return ["check", k.checkedAt, k.by, `${k.checkId} (${k.source})`, k.status, k.summary];
    }
    case "note":
      return ["note", line.note.at, line.note.by, "note", "", line.note.text];
    case "monitor": {
      const m = line.monitor;
      return ["monitor", m.startedAt, m.startedBy, `watch ${m.watch} (${m.samples} samples)`, m.verdict, m.text];
    }
  }
}

/** The record of deployment `id` in `format`. */
export function recordWriter(id: number, environment: string, format: HistoryFormat): FileWriter<RecordPart> {
  return tableWriter(format, {
    title: `Deployment ${id}: ${environment}`,
    header: RECORD_HEADER,
    toRow: recordRow,
    jsonHead: { deployment: id, environment },
    jsonKey: "record",
  });
}
