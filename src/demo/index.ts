export { DEMO_PLANS } from "./app-routes.ts";
export { DEMO_CLOUDFLARE_ACCOUNT, DEMO_PAGES_PROJECT, FORBIDDEN_TOKEN } from "./cloudflare-api.ts";
export { BAD_GITHUB_TOKEN, DEMO_WORKFLOW, MISSING_USER_AGENT_MESSAGE } from "./github-api.ts";
export {
  DEMO_BRANCHES,
  DEMO_COMMITS,
  DEMO_CONVEX_DEPLOYMENT,
  DEMO_DEPLOYMENTS,
  DEMO_REPO,
  DEMO_SHAS,
  DEMO_WORKFLOW_RUNS,
  type DemoCommit,
  type DemoDeployment,
  type DemoWorkflowRun,
} from "./history.ts";
export { backendRelease, canonicalDeployment, frontendRelease } from "./release.ts";
export { type DemoServer, type DemoServerOptions, startDemoServer } from "./server.ts";
export { DEFAULT_SETTINGS, DEMO_MODES, type DemoMode, type DemoSettings, type DemoSettingsPatch } from "./settings.ts";
export { DemoState, type DemoStateSnapshot } from "./state.ts";
export { DEFAULT_WEBHOOK_SECRET, signWebhook, verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from "./webhooks.ts";
