// A stand-in that loads the panel's code only when the widget is on the page, so its weight stays off
// the page's first load (the widget JS budget: step 6 also carries the monitor and checks).
class RunbookNotifications extends HTMLElement {
  connectedCallback(): void {
    void import("./notifications-panel.ts").then((m) => m.mountNotifications(this));
  }
}

if (!customElements.get("runbook-notifications")) customElements.define("runbook-notifications", RunbookNotifications);
