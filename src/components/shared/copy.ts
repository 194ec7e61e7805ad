/**
 * @module
 * Copy buttons for commands. When the clipboard is refused (plain http, permissions), the command
 * text is selected instead so Ctrl+C still works, and the button says so.
 */
import { h } from "./dom.ts";

/** Selects the text of an element, so a refused clipboard still leaves the reader one keystroke away. */
function select(element: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/** A button that copies `text`; `source` is the element showing it, selected when copying fails. */
export function copyButton(text: string, source: HTMLElement | undefined, label = "Copy"): HTMLButtonElement {
  const button = h("button", { type: "button", class: "rw-copy", "data-copy": "" }, label) as HTMLButtonElement;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      if (source) select(source);
      button.textContent = "Selected: press Ctrl+C";
    }
    setTimeout(() => {
      button.textContent = label;
    }, 2000);
  });
  return button;
}

/** A command as the reader copies it: what it does, the exact text, and its copy button. */
export function commandBlock(command: { label: string; command: string }): HTMLElement {
  const code = h("code", {}, command.command);
  const pre = h("pre", { class: "rw-command-text" }, code);
  return h(
    "div",
    { class: "rw-command", "data-command": "" },
    h("p", { class: "rw-command-label" }, command.label),
    pre,
    copyButton(command.command, code),
  );
}
