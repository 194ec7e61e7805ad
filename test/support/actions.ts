/**
 * Pressing the rollback actions from a test as the page does: read the state, fill the form, press,
 * and read the NDJSON stream back.
 */
import { randomUUID } from "node:crypto";
import { expect, inject } from "vitest";
import type { RollbackActionState, RollbackEvent } from "../../src/core/deploy/rollback-action.ts";

export type ActionPath = "rollback" | "convex-redeploy";

export async function actionState(
  path: ActionPath = "rollback",
  base = inject("siteUrl"),
): Promise<RollbackActionState> {
  const res = await fetch(`${base}/api/actions/${path}?env=demo`);
  expect(res.status).toBe(200);
  return (await res.json()) as RollbackActionState;
}

/** A press's body from the state the page would show, with `overrides`. */
export async function pressBody(path: ActionPath = "rollback", overrides: Record<string, unknown> = {}) {
  const s = await actionState(path);
  return {
    target: s.targets[0]?.id,
    reason: `practising a bad deploy (${randomUUID().slice(0, 8)})`,
    confirm: "demo",
    expectedLive: s.live?.id,
    requestId: randomUUID(),
    issuedAt: s.issuedAt,
    ...overrides,
  };
}

export function pressAction(path: ActionPath, payload: unknown, base = inject("siteUrl")): Promise<Response> {
  return fetch(`${base}/api/actions/${path}?env=demo`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
}

export async function streamed(res: Response): Promise<RollbackEvent[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/x-ndjson");
  return (await res.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RollbackEvent);
}

export function resultOf(list: RollbackEvent[]) {
  const last = list.at(-1);
  if (last?.type !== "result") throw new Error(`the stream did not end with a result: ${JSON.stringify(last)}`);
  return last;
}
