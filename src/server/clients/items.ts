/**
 * @module
 * Lists are read item by item: one item the provider sent in an unexpected shape is left out and
 * reported by position and field, and the rest of the list still answers.
 */
import type { z } from "zod";
import { excerpt } from "./excerpt.ts";
import { describeIssue, isRecord } from "./http.ts";

export interface Items<T> {
  items: T[];
  /** One sentence per item left out, naming the field. */
  skipped: string[];
}

/**
 * Parses each item with `schema`; `what` names an item in messages ("deployment"), `offset` is the
 * position of the first one in the whole list (for later pages).
 */
export function parseItems<S extends z.ZodType>(
  raw: readonly unknown[],
  schema: S,
  what: string,
  provider: string,
  offset = 0,
): Items<z.output<S>> {
  const items: z.output<S>[] = [];
  const skipped: string[] = [];
  raw.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else
      skipped.push(
        `${provider} sent ${what} ${offset + index + 1}${label(item)} in an unexpected shape (${describeIssue(parsed.error)}): left out.`,
      );
  });
  return { items, skipped };
}

function label(item: unknown): string {
  if (!isRecord(item)) return "";
  const key = item.name ?? item.id;
  return typeof key === "string" || typeof key === "number" ? ` (${excerpt(String(key), [], 64)})` : "";
}
