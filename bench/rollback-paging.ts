/**
 * `/api/rollback` time when the last good Pages deployment is on page 1 and on page 5 of the
 * deployment list (25 a page), and past the 200 bound, through the Function in workerd against the
 * demo, with a per-request latency on the demo's API stand-ins like a real upstream's.
 */
import { percentile } from "../src/core/checks/stats.ts";
import type { DemoSettings } from "../src/demo/settings.ts";

const RUNS = 15;

export interface PagingFigure {
  scenario: DemoSettings["rollbackScenario"];
  medianMs: number;
  p95Ms: number;
  pagesRead: number;
}

/** Times `GET /api/rollback?env=demo` per scenario; `setDemo` applies settings on the demo directly. */
export async function rollbackPaging(
  siteUrl: string,
  setDemo: (patch: Partial<DemoSettings>) => void,
  latencyMs: number,
): Promise<PagingFigure[]> {
  const figures: PagingFigure[] = [];
  for (const scenario of ["page-1", "page-5", "beyond-bound"] as const) {
    setDemo({ rollbackScenario: scenario, latencyMs });
    const times: number[] = [];
    let pagesRead = 0;
    for (let i = 0; i < RUNS + 2; i += 1) {
      const started = performance.now();
      const res = await fetch(`${siteUrl}/api/rollback?env=demo`);
      const body = (await res.json()) as { pages?: { ok: boolean; data?: { searched?: { pages: number } } } };
      const ms = performance.now() - started;
      if (i >= 2) times.push(ms);
      pagesRead = body.pages?.data?.searched?.pages ?? 0;
    }
    figures.push({ scenario, medianMs: percentile(times, 50), p95Ms: percentile(times, 95), pagesRead });
  }
  setDemo({ rollbackScenario: "page-1", latencyMs: 0 });
  return figures;
}
