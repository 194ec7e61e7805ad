/**
 * @module
 * The post-deploy watch's verdict on the Rollback page: where the environment's latest watch recorded
 * "roll back recommended", the form's reason is filled with the breach (the reader may change it) and a
 * line says so. The last good deployment is already the form's first choice.
 */
import type { MonitorWatch } from "../../core/monitor.ts";
import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { watchVerdict } from "../shared/watch-verdict-shape.ts";

/** A recommendation older than this is history, not the incident at hand. */
const RECENT_MS = 2 * 60 * 60 * 1000;

/** The recommendation of the environment's latest watch, if it has a recent one. */
export async function watchRecommendation(env: string): Promise<MonitorWatch["verdict"] | undefined> {
  const answer = await callApi(`/api/monitor?env=${encodeURIComponent(env)}`, watchVerdict);
  const verdict = answer.ok ? answer.data.watch?.verdict : undefined;
  return verdict && Date.now() - Date.parse(verdict.at) < RECENT_MS ? verdict : undefined;
}

/** Fills an empty reason with the recommendation, and returns the line that says where it came from. */
export function prefillReason(form: HTMLFormElement, verdict: NonNullable<MonitorWatch["verdict"]>): HTMLElement {
  const reason = form.querySelector<HTMLTextAreaElement>("[name=reason]");
  if (reason && reason.value.trim() === "") reason.value = verdict.reason.slice(0, 500);
  return h(
    "p",
    { class: "rw-summary", "data-recommended": "" },
    h("strong", {}, "The post-deploy watch recommends a rollback."),
    ` ${verdict.reason}. The reason below is filled in with it.`,
  );
}
