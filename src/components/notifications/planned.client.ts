// A stand-in that loads the widget's code only when it is on the page (the widget JS budget).
class RunbookPlannedDeployments extends HTMLElement {
  connectedCallback(): void {
    void import("./planned-panel.ts").then((m) => m.mountPlanned(this));
  }
}

if (!customElements.get("runbook-planned-deployments"))
  customElements.define("runbook-planned-deployments", RunbookPlannedDeployments);
