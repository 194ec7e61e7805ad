import { drawn, mountPanel, reader } from "../shared/panel.ts";
import { uptimeView } from "../shared/uptime-shapes.ts";

/**
 * `<runbook-status>`: checks between deploys of the picked environment, from the watch Worker's runs,
 * as the Function draws them (`GET /api/uptime/view`: figures, history strips, incidents) in this
 * browser's time.
 */
class RunbookStatus extends HTMLElement {
  connectedCallback(): void {
    mountPanel(this, {
      path: (env) => `/api/uptime/view?${new URLSearchParams({ env, ...reader() })}`,
      schema: uptimeView,
      auto: true,
      running: (env) => `Reading the checks between deploys of ${env}…`,
      verdict: (view) => view.verdict,
      render: (view) => [drawn(view.html)],
    });
  }
}

if (!customElements.get("runbook-status")) customElements.define("runbook-status", RunbookStatus);
