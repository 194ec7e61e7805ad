import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { showStatus } from "../shared/status.ts";
import { clockTime } from "../shared/time.ts";
import { type SinkEntry, sinkList } from "./shapes.ts";

/** How often the panel asks the demo what arrived while the page is visible. */
const POLL_MS = 2_000;
const SINK_LABEL: Record<SinkEntry["sink"], string> = {
  slack: "Slack",
  webhook: "Webhook",
  pagerduty: "PagerDuty",
};

/** One line a person reads (what arrived where, and the answer), with the headers and body behind it. */
function entryTitle(entry: SinkEntry): string {
  const body = entry.body as Record<string, unknown> | null;
  const said =
    entry.sink === "slack"
      ? String(body?.text ?? "")
      : entry.sink === "webhook"
        ? String(body?.title ?? "")
        : String(
            (body?.payload as { summary?: unknown } | undefined)?.summary ??
              `${String(body?.event_action ?? "")} ${String(body?.dedup_key ?? "")}`,
          );
  return `${SINK_LABEL[entry.sink]} · HTTP ${entry.status || "no answer"}${entry.duplicate ? " · duplicate, ignored" : ""} · ${said}`;
}

function entryItem(entry: SinkEntry): HTMLElement {
  return h(
    "li",
    { "data-sink": entry.sink, "data-status": String(entry.status) },
    h("time", { datetime: entry.at }, clockTime(entry.at)),
    " ",
    entryTitle(entry),
    h(
      "details",
      {},
      h("summary", {}, `Headers and body (${entry.path})`),
      h("pre", {}, JSON.stringify({ headers: entry.headers, body: entry.body }, null, 2)),
    ),
  );
}

/** Mounts `<runbook-team-saw>`: the demo sinks' inbox, refreshed while the page is visible; the stop function ends the polling. */
export function mountTeamSaw(element: HTMLElement): () => void {
  let seen = -1;
  const list = element.querySelector<HTMLElement>("[data-received]");
  const status = element.querySelector<HTMLElement>("[data-status]");
  const modes = element.querySelector<HTMLElement>("[data-sink-modes]");
  if (!list || !status || !modes) return () => {};
  const load = async () => {
    const outcome = await callApi("/api/demo/notifications", sinkList);
    if (!outcome.ok) {
      showStatus(element, status, "error", outcome.message);
      return;
    }
    modes.hidden = false;
    for (const select of modes.querySelectorAll<HTMLSelectElement>("select[data-sink]")) {
      const mode = outcome.data.modes[select.dataset.sink ?? ""];
      if (mode && document.activeElement !== select) select.value = mode;
    }
    const { received } = outcome.data;
    showStatus(element, status, "pass", `${received.length} received`);
    const newest = received[0]?.seq ?? 0;
    if (newest === seen) return;
    seen = newest;
    list.replaceChildren(...received.map(entryItem));
  };
  for (const select of modes.querySelectorAll<HTMLSelectElement>("select[data-sink]"))
    select.addEventListener("change", async () => {
      await callApi("/api/demo/notifications", sinkList, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ [select.dataset.sink ?? ""]: select.value }),
      });
      await load();
    });
  void load();
  const timer = setInterval(() => {
    if (document.visibilityState === "visible") void load();
  }, POLL_MS);
  return () => clearInterval(timer);
}
