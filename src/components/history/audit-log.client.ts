// Loads the audit table's code only on the page that shows it (the widget JS budget).
class RunbookAuditLog extends HTMLElement {
  connectedCallback(): void {
    void import("./audit-log.ts").then((m) => m.mountAuditLog(this));
  }
}

if (!customElements.get("runbook-audit-log")) customElements.define("runbook-audit-log", RunbookAuditLog);
