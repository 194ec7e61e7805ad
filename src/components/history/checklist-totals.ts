/**
 * @module
 * How many items each `<Checklist id="…">` on the runbook's pages has, counted from the MDX sources
 * while the site builds, so "Mark succeeded" can say "3 of 9 ticked" without the checklists' pages open.
 */

/** Items per checklist id: the task-list lines (`- [ ]`) between `<Checklist id="x">` and `</Checklist>`. */
export function checklistTotals(sources: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const source of sources)
    for (const match of source.matchAll(/<Checklist\s+id="([a-z0-9-]+)"[^>]*>([\s\S]*?)<\/Checklist>/g)) {
      const [, id = "", body = ""] = match;
      totals[id] = (totals[id] ?? 0) + (body.match(/^\s*[-*] \[[ xX]\] /gm)?.length ?? 0);
    }
  return totals;
}
