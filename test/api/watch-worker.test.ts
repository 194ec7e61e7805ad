/**
 * The post-deploy watch server-side, through the real Function and the real watch Worker in workerd on
 * the same local D1: a started watch is sampled by its Durable Object's alarm with no page open, every
 * interval exactly once, and however many invocations reach one interval at once (the alarm, more
 * wakes of its clock, pages sampling on their own) the demo sees one sampling.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import type { MonitorSample, MonitorWatch } from "../../src/core/monitor.ts";
import { demoCounts, resetDemo } from "../support/demo.ts";

const site = inject("siteUrl");

interface Series {
  sampler: "worker" | "page";
  watch: MonitorWatch | null;
  samples: MonitorSample[];
}

/** Requests per sampling at the demo: four smoke checks, two requests each (monitor.samples). */
const PER_SAMPLING = 8;

const requestsAtDemo = async () => Object.values(await demoCounts()).reduce((a, b) => a + b, 0);
const until = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

let started: MonitorWatch | undefined;

async function startWatch(query: string): Promise<Series & { watch: MonitorWatch }> {
  const res = await fetch(`${site}/api/monitor?env=demo&${query}`, { method: "POST" });
  const body = (await res.json()) as Series;
  expect(res.status, JSON.stringify(body)).toBe(201);
  if (!body.watch) throw new Error("no watch in the answer");
  started = body.watch;
  return { ...body, watch: body.watch };
}

const ends = (watch: MonitorWatch) => Date.parse(watch.startedAt) + watch.windowMs;

describe("the watch Worker", () => {
  beforeEach(() => resetDemo());
  afterEach(async () => {
    if (started) await until(ends(started) + 100);
    started = undefined;
  });

  it("answers its health with the jobs it runs", async () => {
    const res = await fetch(`${inject("watchUrl")}/health`);
    expect(await res.json()).toMatchObject({ worker: "watch", jobs: expect.arrayContaining(["watches"]) });
  });

  it("samples a started watch at every interval, once each, with no further request", async () => {
    const { watch, sampler } = await startWatch("interval=2&window=8");
    expect(sampler).toBe("worker");
    // Nothing asks the site for a sample: the watch's own clock in the Worker takes them.
    await until(ends(watch) + 1500);
    const series = (await (await fetch(`${site}/api/monitor?env=demo&watch=${watch.id}`)).json()) as Series;
    expect(series.samples.map((s) => s.slot)).toEqual([0, 1, 2, 3]);
    for (const [slot, sample] of series.samples.entries()) {
      const slotStart = Date.parse(watch.startedAt) + slot * watch.intervalMs;
      expect(Date.parse(sample.at)).toBeGreaterThanOrEqual(slotStart);
      expect(Date.parse(sample.at)).toBeLessThan(slotStart + watch.intervalMs);
    }
    expect(await requestsAtDemo()).toBe(4 * PER_SAMPLING);
  });

  it("takes one sampling when the alarm, two more wakes of its clock and pages reach one interval at once", async () => {
    const { watch } = await startWatch("interval=6&window=6");
    // (Not the cron tick here: it would also run the demo's checks between deploys, counted at the demo too.)
    const wake = () =>
      fetch(`${inject("watchUrl")}/watches/wake?env=demo&watch=${watch.id}`, { method: "POST" }).then((r) => r.text());
    const answers = await Promise.all([
      wake(),
      wake(),
      ...Array.from({ length: 4 }, () =>
        fetch(`${site}/api/monitor/sample?env=demo&watch=${watch.id}`, { method: "POST" }).then(
          async (res) => (await res.json()) as { sampled?: boolean; sample: MonitorSample | null },
        ),
      ),
    ]);
    const pages = answers.slice(2) as { sampled?: boolean; sample: MonitorSample | null }[];
    expect(pages.filter((a) => a.sampled).length).toBeLessThanOrEqual(1);
    await expect
      .poll(async () => await (await fetch(`${site}/api/monitor?env=demo&watch=${watch.id}`)).json())
      .toMatchObject({ samples: [{ slot: 0 }] });
    expect(await requestsAtDemo()).toBe(PER_SAMPLING);
  });
});
