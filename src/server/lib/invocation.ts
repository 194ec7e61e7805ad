/**
 * @module
 * Cloudflare's per-invocation limits, applied to the fetch one request's work uses, so the local stack
 * (where workerd enforces none of them) fails where production would:
 * - at most `connections` requests waiting for their headers at once (Cloudflare: 6); more wait in a
 *   queue until one of those gets its headers, as they do deployed;
 * - at most `subrequests` requests in all (Cloudflare: 50 on the Free plan, 10,000 on Paid); the next
 *   one fails with a message naming the limit;
 * - at most `checks` checks run by one invocation, the CPU budget (Cloudflare's Free plan allows 10 ms
 *   of CPU per invocation and a sampled check costs about 3.4 ms, so 2; Paid allows 30 s by default).
 *   Routes that run several checks refuse a run over it before probing anything.
 */
import type { FetchLike } from "../../core/checks/probe.ts";

export interface InvocationLimits {
  /** Requests waiting for headers at once (Cloudflare's simultaneous open connections: 6). */
  connections: number;
  /** Requests one invocation may make (`RUNBOOK_INVOCATION_SUBREQUESTS`, default 50: the Free plan). */
  subrequests: number;
  /** Checks one invocation may run (`RUNBOOK_INVOCATION_CHECKS`, default 2 in the Function: the Free plan's CPU). */
  checks: number;
}

export const CLOUDFLARE_CONNECTIONS = 6;
export const FREE_PLAN_SUBREQUESTS = 50;
/** Checks per invocation within the Free plan's 10 ms of CPU (about 3.4 ms a sampled check). */
export const FREE_PLAN_CHECKS = 2;

export interface InvocationFetch extends FetchLike {
  /** Requests made so far (sent or queued). */
  readonly used: () => number;
  /** Requests that had to wait in the connection queue (their latency then includes the wait). */
  readonly queued: () => number;
}

/** A fetch for one invocation that holds to `limits`: queues past the connection cap, refuses past the budget. */
export function invocationFetch(
  fetchImpl: FetchLike,
  limits: Pick<InvocationLimits, "connections" | "subrequests">,
): InvocationFetch {
  let used = 0;
  let open = 0;
  let queued = 0;
  const waiting: (() => void)[] = [];
  // A freed connection passes straight to the next in the queue, so a newcomer cannot slip past it.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else open -= 1;
  };
  const limited = async (input: string, init: RequestInit) => {
    used += 1;
    if (used > limits.subrequests)
      throw new Error(
        `subrequest limit reached: one invocation may make ${limits.subrequests} requests (RUNBOOK_INVOCATION_SUBREQUESTS)`,
      );
    if (open < limits.connections) open += 1;
    else {
      queued += 1;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    try {
      return await fetchImpl(input, init);
    } finally {
      release();
    }
  };
  return Object.assign(limited, { used: () => used, queued: () => queued });
}
