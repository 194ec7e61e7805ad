// Every MDX-facing widget, so runbook pages import from one place: `import { Check } from "~/components"`.

export { default as BuildStatus } from "./build-status/BuildStatus.astro";
export { default as Check } from "./check/Check.astro";
export { default as Checklist } from "./checklist/Checklist.astro";
export { default as ConfigCheck } from "./config-check/ConfigCheck.astro";
export { default as DemoControls } from "./demo-controls/DemoControls.astro";
export { default as DeployVersion } from "./deploy-version/DeployVersion.astro";
export { default as DeployWindow } from "./deploy-window/DeployWindow.astro";
export { default as DeploymentRecord } from "./deployment-record/DeploymentRecord.astro";
export { default as DomainStatus } from "./domain-status/DomainStatus.astro";
export { default as EmergencyContacts } from "./emergency-contacts/EmergencyContacts.astro";
export { default as EnvPicker } from "./env-picker/EnvPicker.astro";
export { default as AuditLog } from "./history/AuditLog.astro";
export { default as DeploymentLog } from "./history/DeploymentLog.astro";
export { default as Monitor } from "./monitor/Monitor.astro";
export { default as Notifications } from "./notifications/Notifications.astro";
export { default as PlannedDeployments } from "./notifications/PlannedDeployments.astro";
export { default as TeamSaw } from "./notifications/TeamSaw.astro";
export { default as RollbackAction } from "./rollback-action/RollbackAction.astro";
export { default as RollbackLinks } from "./rollback-links/RollbackLinks.astro";
export { default as Status } from "./status/Status.astro";
export { default as VerifyAll } from "./verify-all/VerifyAll.astro";
export { default as WebhookProbe } from "./webhook-probe/WebhookProbe.astro";
