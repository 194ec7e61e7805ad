/**
 * @module
 * The record's Markdown preview, copy and downloads. The server writes the Markdown
 * (`POST /api/record/markdown`), so neither the writer nor the Markdown escaping loads on the page; the
 * JSON is written here, as it is only the record itself.
 */

import { callApi } from "../shared/api.ts";
import { h } from "../shared/dom.ts";
import { isString, shape } from "../shared/shape-kit.ts";
import type { DeploymentRecord } from "./deployment-record.ts";
import { recordFileName, recordJson } from "./record-json.ts";

/** How long the preview waits after the last keystroke before asking for the Markdown again. */
const PREVIEW_DELAY_MS = 300;

const written = shape<{ markdown: string }>((v) => isString(v.markdown));

/** The record as Markdown, from the API; a sentence for the reader when it could not be written. */
async function markdownOf(record: DeploymentRecord): Promise<{ text: string } | { error: string }> {
  const out = await callApi("/api/record/markdown", written, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(record),
  });
  return out.ok ? { text: out.data.markdown } : { error: `The Markdown could not be written: ${out.message}` };
}

function exported(host: HTMLElement, text: string): void {
  host.querySelector("[data-export-status]")?.replaceChildren(text);
}

let timer: ReturnType<typeof setTimeout> | undefined;
let asked = 0;

/** Redraws the Markdown preview while it is open, once the reader pauses; an answer overtaken by a later one is dropped. */
export function preview(host: HTMLElement, record: () => DeploymentRecord): void {
  const pre = host.querySelector("[data-preview]");
  const details = host.querySelector<HTMLDetailsElement>("details");
  if (!pre || !details?.open) return;
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const ask = ++asked;
    details.setAttribute("aria-busy", "true");
    const out = await markdownOf(record());
    if (ask !== asked) return;
    details.removeAttribute("aria-busy");
    details.dataset.state = "text" in out ? "ok" : "error";
    pre.textContent = "text" in out ? out.text : out.error;
  }, PREVIEW_DELAY_MS);
}

/** Copies the Markdown; when the clipboard is refused, opens the preview with the text selected. */
export async function copy(host: HTMLElement, record: DeploymentRecord): Promise<void> {
  const out = await markdownOf(record);
  if ("error" in out) return exported(host, out.error);
  try {
    await navigator.clipboard.writeText(out.text);
    exported(host, "Copied the Markdown.");
  } catch {
    const details = host.querySelector<HTMLDetailsElement>(".rw-record-preview");
    const pre = host.querySelector<HTMLElement>("[data-preview]");
    if (details) details.open = true;
    if (pre) {
      pre.textContent = out.text;
      const range = document.createRange();
      range.selectNodeContents(pre);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
    exported(host, "The clipboard was refused: the Markdown below is selected, press Ctrl+C.");
  }
}

/** Downloads the record as Markdown (written by the API) or JSON. */
export async function download(host: HTMLElement, record: DeploymentRecord, kind: "md" | "json"): Promise<void> {
  const out = kind === "md" ? await markdownOf(record) : { text: recordJson(record) };
  if ("error" in out) return exported(host, out.error);
  const url = URL.createObjectURL(new Blob([out.text], { type: kind === "md" ? "text/markdown" : "application/json" }));
  const name = recordFileName(record, kind);
  const a = h("a", { href: url, download: name, hidden: "" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  exported(host, `Downloaded ${name}.`);
}
