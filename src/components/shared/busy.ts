/**
 * @module
 * Busy buttons that keep keyboard focus. A `disabled` button drops focus to the page body the moment
 * it is pressed, so a keyboard user loses their place mid-incident; instead the button is marked
 * `aria-disabled` (announced as unavailable, styled as busy) and presses are ignored until the work ends.
 */

/** Wraps `work` so it runs once at a time, with `button` marked busy meanwhile. */
export function busy<A extends unknown[]>(
  button: HTMLElement,
  work: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  let running = false;
  return async (...args: A) => {
    if (running) return;
    running = true;
    button.setAttribute("aria-disabled", "true");
    try {
      await work(...args);
    } finally {
      running = false;
      button.removeAttribute("aria-disabled");
    }
  };
}
