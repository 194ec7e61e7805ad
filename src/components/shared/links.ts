import { h } from "./dom.ts";

/** A link that opens elsewhere; only http(s) targets become links, anything else stays text. */
export function externalLink(href: string | undefined, text: string, attrs: Record<string, string> = {}): HTMLElement {
  if (!href || !/^https?:\/\//.test(href)) return h("span", attrs, text);
  return h("a", { href, target: "_blank", rel: "noopener noreferrer", ...attrs }, text);
}
