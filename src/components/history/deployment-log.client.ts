// A stand-in that loads the log's code only when the widget is on the page, so its weight stays off
// the page's first load (the widget JS budget).
class RunbookDeploymentLog extends HTMLElement {
  connectedCallback(): void {
    void import("./deployment-log.ts").then((m) => m.mountDeploymentLog(this));
  }
}

if (!customElements.get("runbook-deployment-log"))
  customElements.define("runbook-deployment-log", RunbookDeploymentLog);
