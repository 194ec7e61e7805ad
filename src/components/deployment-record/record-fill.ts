/**
 * @module
 * The record's live fill: reads `/api/version` and `/api/rollback` of the picked environment and puts
 * the values into the version fields, through the widget lifecycle (the newest read wins, so an
 * environment switch never fills one environment's values into another's record).
 */
import { callApi } from "../shared/api.ts";
import type { Lifecycle } from "../shared/lifecycle.ts";
import { rollbackReport, versionReport } from "../shared/shapes.ts";
import { versionFields, versionFromReports } from "./deployment-record.ts";
import { field, type RecordEnvironment } from "./record-form.ts";

/**
 * Fills `env`'s live values; `overwrite` replaces typed values, otherwise only empty fields are filled.
 * Resolves to the environments with the repository as the Function sees it (the demo's stand-in on its
 * real port, for the export's commit links), or undefined when a newer read took over.
 */
export async function fillFromLive(
  host: HTMLElement,
  life: Lifecycle,
  env: string,
  environments: readonly RecordEnvironment[],
  overwrite: boolean,
): Promise<RecordEnvironment[] | undefined> {
  const status = host.querySelector<HTMLElement>("[data-fill-status]");
  host.dataset.fill = "running";
  status?.replaceChildren(`◌ Reading the live values of ${env}…`);
  const q = `?env=${encodeURIComponent(env)}`;
  const newest = await life.read(() =>
    Promise.all([callApi(`/api/version${q}`, versionReport), callApi(`/api/rollback${q}`, rollbackReport)]),
  );
  if (!newest) return undefined;
  const [version, rollback] = newest.answer;
  const repository = version.ok ? version.data.links.repository : undefined;
  const values = versionFromReports(version.ok ? version.data : undefined, rollback.ok ? rollback.data : undefined);
  for (const name of versionFields) {
    const input = field(host, name);
    const live = values[name];
    if (input && live && (overwrite || !input.value)) input.value = live;
  }
  const failed = [version, rollback].find((o) => !o.ok);
  host.dataset.fill = failed ? "error" : "done";
  status?.replaceChildren(
    failed && !failed.ok
      ? `⚠ Some live values could not be read: ${failed.message} Fill them in by hand.`
      : `✓ Filled from ${env} at ${new Date().toLocaleTimeString()}; edit anything that is wrong.`,
  );
  return environments.map((e) => (repository && e.id === env ? { ...e, repositoryUrl: repository } : e));
}
