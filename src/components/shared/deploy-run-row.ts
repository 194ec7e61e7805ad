import { ago } from "../../core/deploy/format.ts";

/** The fields of a deploy workflow run that both the version panel and the build status show. */
export interface DeployRunFields {
  runNumber: number;
  status: string;
  conclusion: string | null;
  htmlUrl: string;
  headSha: string;
  createdAt: string;
}

export interface DeployRunRow {
  key: "run";
  label: string;
  value: string;
  href?: string;
  note?: string;
  error?: string;
}

/** "Latest deploy run: #42 success, started 3 h ago" — or why it could not be read, or that there is none. */
export function deployRunRow(
  run: { ok: true; data: DeployRunFields | null } | { ok: false; error: { message: string } },
  now: number,
  note: (run: DeployRunFields, started: string) => string,
): DeployRunRow {
  const label = "Latest deploy run";
  if (!run.ok) return { key: "run", label, value: "", error: run.error.message };
  if (!run.data) return { key: "run", label, value: "none yet" };
  const r = run.data;
  const outcome = r.status === "completed" ? (r.conclusion ?? "completed") : r.status.replaceAll("_", " ");
  return {
    key: "run",
    label,
    value: `#${r.runNumber} ${outcome}`,
    href: r.htmlUrl,
    note: note(r, ago(r.createdAt, now)),
  };
}
