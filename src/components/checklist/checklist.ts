/**
 * @module
 * A checklist's items and ticks as plain data (no DOM, no storage): item labels and keys, ticking, and
 * which items a check result ticks. Deployments and stored states are `shared/deployment.ts`; the
 * browser side is `checklist.client.ts`.
 */
import type { ChecklistItem, ChecklistState, Tick } from "../shared/deployment.ts";

/** An item's label: its text on one line, up to the " — " that starts its explanation. */
export function itemLabel(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const dash = line.indexOf(" — ");
  return dash > 0 ? line.slice(0, dash) : line;
}

/** A stable key for an item, from its label: ticks survive edits to the explanation after the dash. */
export function itemKey(label: string): string {
  return (
    label
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "item"
  );
}

/** Items with keys made unique (two items with one label keep separate ticks). */
export function withUniqueKeys(items: readonly Omit<ChecklistItem, "key">[]): ChecklistItem[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = itemKey(item.label);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { ...item, key: count === 1 ? base : `${base}-${count}` };
  });
}

/** An empty checklist for a deployment. */
export function emptyChecklist(id: string, title: string, key: string, items: ChecklistItem[]): ChecklistState {
  return { id, title, deployment: key, items, ticked: {}, updatedAt: "" };
}

/** The state with one item ticked (`tick`) or unticked (`undefined`). */
export function setTick(state: ChecklistState, key: string, tick: Tick | undefined, now: Date): ChecklistState {
  const ticked = { ...state.ticked };
  if (tick) ticked[key] = tick;
  else delete ticked[key];
  return { ...state, ticked, updatedAt: now.toISOString() };
}

/** What a check result does to linked items: tick on pass, untick what that check ticked on fail. */
export function applyCheckResult(
  state: ChecklistState,
  result: { checkId: string; environment: string; status: string; checkedAt?: string },
  environment: string,
  now: Date,
): ChecklistState {
  if (result.environment !== environment) return state;
  let next = state;
  for (const item of state.items) {
    if (item.check !== result.checkId) continue;
    const current = next.ticked[item.key];
    if (result.status === "pass" && !current)
      next = setTick(next, item.key, { at: result.checkedAt ?? now.toISOString(), check: result.checkId }, now);
    else if (result.status === "fail" && current?.check === result.checkId)
      next = setTick(next, item.key, undefined, now);
  }
  return next;
}
