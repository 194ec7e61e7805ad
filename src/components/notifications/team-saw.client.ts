// A stand-in that loads the panel's code only when the widget is on the page (the widget JS budget).
class RunbookTeamSaw extends HTMLElement {
  #stop: (() => void) | undefined;
  #gone = false;

  connectedCallback(): void {
    this.#gone = false;
    void import("./team-saw-panel.ts").then((m) => {
      if (!this.#gone) this.#stop = m.mountTeamSaw(this);
    });
  }

  disconnectedCallback(): void {
    this.#gone = true;
    this.#stop?.();
  }
}

if (!customElements.get("runbook-team-saw")) customElements.define("runbook-team-saw", RunbookTeamSaw);
