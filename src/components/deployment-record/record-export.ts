/**
 * @module
 * The record's Markdown preview, copy and downloads. The Markdown and JSON writer loads on the first
 * preview or export, off the page's first load.
 */

import { h } from "../shared/dom.ts";
import type { DeploymentRecord } from "./deployment-record.ts";

const writer = () => import("./markdown.ts");

/** Redraws the Markdown preview while it is open. */
export function preview(host: HTMLElement, record: () => DeploymentRecord): void {
  const pre = host.querySelector("[data-preview]");
  if (!pre || !host.querySelector<HTMLDetailsElement>("details")?.open) return;
  void writer().then(({ recordMarkdown }) => {
    pre.textContent = recordMarkdown(record());
  });
}

function exported(host: HTMLElement, text: string): void {
  host.querySelector("[data-export-status]")?.replaceChildren(text);
}

/** Copies the Markdown; when the clipboard is refused, opens the preview with the text selected. */
export async function copy(host: HTMLElement, record: DeploymentRecord): Promise<void> {
  const { recordMarkdown } = await writer();
  const text = recordMarkdown(record);
  try {
    await navigator.clipboard.writeText(text);
    exported(host, "Copied the Markdown.");
  } catch {
    const details = host.querySelector<HTMLDetailsElement>(".rw-record-preview");
    const pre = host.querySelector<HTMLElement>("[data-preview]");
    if (details) details.open = true;
    if (pre) {
      pre.textContent = text;
      const range = document.createRange();
      range.selectNodeContents(pre);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
    exported(host, "The clipboard was refused: the Markdown below is selected, press Ctrl+C.");
  }
}

/** Downloads the record as Markdown or JSON. */
export async function download(host: HTMLElement, record: DeploymentRecord, kind: "md" | "json"): Promise<void> {
  const { recordFileName, recordJson, recordMarkdown } = await writer();
  const text = kind === "md" ? recordMarkdown(record) : recordJson(record);
  const url = URL.createObjectURL(new Blob([text], { type: kind === "md" ? "text/markdown" : "application/json" }));
  const name = recordFileName(record, kind);
  const a = h("a", { href: url, download: name, hidden: "" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  exported(host, `Downloaded ${name}.`);
}
