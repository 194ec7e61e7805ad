/**
 * @module
 * HTML the Function draws for a widget (the monitor's view), with Hono's `html`: every interpolated
 * string is escaped, numbers go as they are, arrays are joined and nested markup is kept as markup.
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

/** Markup built from synchronous parts only: `html` then returns it at once, not a promise. */
export type Markup = HtmlEscapedString;

export const markup = (strings: TemplateStringsArray, ...values: unknown[]): Markup =>
  html(strings, ...values) as Markup;
