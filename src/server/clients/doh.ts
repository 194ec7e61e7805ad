/**
 * @module
 * DNS over HTTPS (the JSON API that cloudflare-dns.com and dns.google serve): one lookup by name
 * and type at the resolver the config names.
 */
import { z } from "zod";
import type { FetchLike } from "../../core/checks/probe.ts";
import type { Section } from "../../core/deploy/schemas.ts";
import { getJson } from "./http.ts";

/** The DNS JSON answer: `Status` (RCODE), `Answer` absent when there is none; other fields pass. */
export const dohAnswer = z.looseObject({
  Status: z.number().int(),
  Answer: z
    .array(
      z.looseObject({
        name: z.string(),
        type: z.number().int(),
        TTL: z
          .number()
          .nullish()
          .transform((v) => v ?? undefined),
        data: z.string(),
      }),
    )
    .nullish(),
});
export type DohAnswer = z.output<typeof dohAnswer>;

export interface DohClient {
  lookup(name: string, type: string): Promise<Section<DohAnswer>>;
}

export function dohClient(options: { fetch: FetchLike; resolver: string; timeoutMs?: number }): DohClient {
  const host = new URL(options.resolver).host;
  return {
    lookup(name, type) {
      return getJson({
        fetch: options.fetch,
        url: `${options.resolver}?${new URLSearchParams({ name, type })}`,
        upstream: {
          name: `The DNS resolver ${host}`,
          notFoundHint: `${options.resolver} is not a DNS JSON API endpoint; check dns.resolver in runbook.config.json`,
          shapeHint: "Check dns.resolver in runbook.config.json: it must be a DNS JSON API endpoint",
        },
        headers: { accept: "application/dns-json" },
        schema: dohAnswer,
        maxBytes: 64 * 1024,
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
    },
  };
}
