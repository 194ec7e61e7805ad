/**
 * @module
 * What the widgets check of an API answer before they render it. The contract is the zod schemas in
 * `src/core` (the server builds its answers from them and the tests parse every answer with them);
 * shipping zod to the browser as well would cost about 8 KB of the 10 KB widget budget, so the
 * browser checks the load-bearing fields of each answer with small guards instead, one module per
 * report so a page ships only its widgets' guards. This module gathers them for
 * `test/unit/shapes.test.ts`, which holds each guard to its zod schema on real answers; widgets import
 * the guard's own module.
 */
export { buildReport } from "./build-shape.ts";
export { configCheckReport } from "./config-check-shape.ts";
export { demoState } from "./demo-shape.ts";
export { dnsReport } from "./dns-shape.ts";
export { rollbackReport } from "./rollback-shape.ts";
export { apiError, environmentList, type Shape, type Whoami, whoami } from "./shape-kit.ts";
export { versionReport } from "./version-shape.ts";
export { webhookProbeReport } from "./webhook-probe-shape.ts";
