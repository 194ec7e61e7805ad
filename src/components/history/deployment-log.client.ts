// The log's code loads with the page, not behind a dynamic import: the widget mounts as soon as it is
// on the page either way, and one script fewer is less to fetch (and to gzip) than a stand-in plus a chunk.
import { mountDeploymentLog } from "./deployment-log.ts";

class RunbookDeploymentLog extends HTMLElement {
  connectedCallback(): void {
    mountDeploymentLog(this);
  }
}

if (!customElements.get("runbook-deployment-log"))
  customElements.define("runbook-deployment-log", RunbookDeploymentLog);
