/**
 * @module
 * Shares a checklist's ticks with the team through the deployment in progress (D1): a tick here is
 * sent with the verified identity, and ticks by others arrive with the poll and show who and when.
 * Loaded lazily by `checklist.client.ts`; the checklist keeps working per browser without it.
 */
import type { SharedTick } from "../../core/history/schemas.ts";
import { h } from "../shared/dom.ts";
import { onEnvironmentChange } from "../shared/environment.ts";
import { showNotSharedOnce } from "../shared/history-notice.ts";
import { anything } from "../shared/history-shapes.ts";
import { follow, type SharedState, send } from "../shared/history-store.ts";

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** Connects one `<runbook-checklist>` to the shared deployment of the reader's environment. */
export function syncChecklist(list: HTMLElement, environment: () => string): void {
  const checklist = list.dataset.checklist ?? "checklist";
  const status = h("span", { class: "rw-shared-status", "data-shared-status": "" });
  list.querySelector("[data-bar]")?.append(status);
  let current: number | null = null;
  let applying = false;
  /** Items with a write on its way: a poll read before it landed must not undo the reader's tick. */
  const pending = new Map<string, number>();

  for (const li of list.querySelectorAll<HTMLLIElement>("li[data-item]")) {
    const input = li.querySelector<HTMLInputElement>('input[type="checkbox"]');
    input?.addEventListener("change", () => {
      if (applying || current === null || !li.dataset.item) return;
      const item = li.dataset.item;
      // The box is named by its <label> (the item's words); older markup named it with aria-label.
      const label =
        input.labels?.[0]?.textContent?.replace(/\s+/g, " ").trim() || input.getAttribute("aria-label") || item;
      pending.set(item, (pending.get(item) ?? 0) + 1);
      void send(
        `/api/deployments/${current}/ticks`,
        { checklist, item, label: label.slice(0, 300), ticked: input.checked },
        anything,
      ).finally(() => pending.set(item, (pending.get(item) ?? 1) - 1));
    });
  }

  const render = (state: SharedState) => {
    if (state.kind === "not-shared") {
      current = null;
      status.textContent = "";
      showNotSharedOnce(list, state.message);
      return;
    }
    if (state.kind === "error") {
      status.textContent = " · Shared ticks unavailable right now.";
      return;
    }
    current = state.current?.deployment.id ?? null;
    list.dataset.shared = current === null ? "" : String(current);
    status.textContent =
      current === null
        ? " · No team deployment in progress: ticks stay in this browser."
        : ` · Shared with the team: deployment #${current}, started by ${state.current?.deployment.startedBy}.`;
    const ticks = new Map<string, SharedTick>();
    for (const t of state.current?.ticks ?? []) if (t.checklist === checklist) ticks.set(t.item, t);
    for (const li of list.querySelectorAll<HTMLLIElement>("li[data-item]"))
      applyTick(li, ticks.get(li.dataset.item ?? ""));
  };

  /** Shows another person's tick (or untick) as this checklist's own, with who and when. */
  const applyTick = (li: HTMLLIElement, tick: SharedTick | undefined) => {
    const input = li.querySelector<HTMLInputElement>('input[type="checkbox"]');
    if (!input || (pending.get(li.dataset.item ?? "") ?? 0) > 0) return;
    li.querySelector("[data-shared-by]")?.remove();
    if (!tick) return;
    if (input.checked !== tick.ticked) {
      applying = true;
      input.checked = tick.ticked;
      input.dispatchEvent(new Event("change"));
      applying = false;
    }
    input.parentElement?.append(
      h(
        "span",
        { class: "rw-ticked-by", "data-shared-by": tick.by },
        ` (${tick.ticked ? "ticked" : "unticked"} by ${tick.by} at ${time(tick.at)})`,
      ),
    );
  };

  let stop = follow(environment(), render);
  onEnvironmentChange((env) => {
    stop();
    stop = follow(env, render);
  });
}
