/**
 * @module
 * The record's live fill: reads `/api/record/live` of the picked environment (the server picks the
 * values out of its version and rollback reports) and puts them into the version fields, through the widget lifecycle (the newest read wins, so an
 * environment switch never fills one environment's values into another's record).
 */
import { callApi } from "../shared/api.ts";
import type { Lifecycle } from "../shared/lifecycle.ts";
import { isObject, isString, shape } from "../shared/shape-kit.ts";
import { type RecordVersion, versionFields } from "./deployment-record.ts";
import { field, type RecordEnvironment } from "./record-form.ts";

const liveValues = shape<{ values: Partial<RecordVersion>; repository: string | null }>(
  (v) =>
    isObject(v.values) && Object.values(v.values).every(isString) && (v.repository === null || isString(v.repository)),
);

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
  const newest = await life.read(() => callApi(`/api/record/live?env=${encodeURIComponent(env)}`, liveValues));
  if (!newest) return undefined;
  const live = newest.answer;
  const values = live.ok ? live.data.values : {};
  const repository = live.ok ? live.data.repository : null;
  for (const name of versionFields) {
    const input = field(host, name);
    const value = values[name];
    if (input && value && (overwrite || !input.value)) input.value = value;
  }
  host.dataset.fill = live.ok ? "done" : "error";
  status?.replaceChildren(
    live.ok
      ? `✓ Filled from ${env} at ${new Date().toLocaleTimeString()}; edit anything that is wrong.`
      : `⚠ The live values could not be read: ${live.message} Fill them in by hand.`,
  );
  return environments.map((e) => (repository && e.id === env ? { ...e, repositoryUrl: repository } : e));
}
