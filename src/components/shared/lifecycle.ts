/**
 * @module
 * The lifecycle every API widget shares: its status line, its reads, and its busy button.
 *
 * - The newest read wins. Each read is numbered; an answer arriving after a newer read started (an
 *   environment switch, a Refresh) or after `drop()` is not shown, so one environment's answer never
 *   lands under another's name, the first read included.
 * - Busy: while the newest read is in flight the button is `aria-disabled` (it keeps keyboard focus,
 *   where `disabled` would drop it to the page body) and presses are ignored; a superseded read no
 *   longer holds the button.
 * - Streamed answers (NDJSON) go through the same door: each line is shown only while its read is the
 *   newest (`streamApi` in `stream.ts` reads the lines).
 */
import { showStatus, type WidgetState } from "./status.ts";

export interface Lifecycle {
  /** Sets the widget's state and its status line; `code` goes on `data-outcome` (tests and styles read it). */
  show(state: WidgetState, text: string, code?: string): void;
  /**
   * Runs `work` as the newest read. Resolves to its answer only if no newer read started and nothing
   * was dropped meanwhile; otherwise to undefined, and the caller shows nothing. `current()` tells
   * `work` whether it is still the newest (for answers it shows as they arrive).
   */
  read<T>(work: (current: () => boolean) => Promise<T>): Promise<{ answer: T } | undefined>;
  /** Forgets the reads in flight (their answers are dropped) and frees the button. */
  drop(): void;
  /** Whether a read is in flight: presses wait for it. */
  busy(): boolean;
  /** Wires the button: a press runs `run` unless a read is in flight. */
  onPress(run: () => unknown): void;
}

/** The lifecycle of `element`, with its status line (a live region) and its button, when it has them. */
export function lifecycle(element: HTMLElement, status: HTMLElement | null, button: HTMLElement | null): Lifecycle {
  let newest = 0;
  let inFlight = false;
  const setBusy = (on: boolean) => {
    inFlight = on;
    if (on) button?.setAttribute("aria-disabled", "true");
    else button?.removeAttribute("aria-disabled");
  };
  return {
    show(state, text, code = state) {
      element.dataset.outcome = code;
      showStatus(element, status, state, text);
    },
    async read(work) {
      const mine = ++newest;
      const current = () => mine === newest;
      setBusy(true);
      try {
        const answer = await work(current);
        return current() ? { answer } : undefined;
      } finally {
        if (current()) setBusy(false);
      }
    },
    drop() {
      newest += 1;
      setBusy(false);
    },
    busy: () => inFlight,
    onPress(run) {
      button?.addEventListener("click", () => {
        if (!inFlight) void run();
      });
    },
  };
}
