/**
 * @module
 * The guard of demo switches (`/api/demo/state`), which only <DemoControls> reads: its own module, so no other widget's page
 * ships it (`test/unit/shapes.test.ts` holds it to the zod schema on real answers).
 */
import { oneOf, shape } from "./shape-kit.ts";

export const demoState = shape<Record<string, unknown> & { mode: "healthy" | "degraded" | "down" | "slow" }>((v) =>
  oneOf("healthy", "degraded", "down", "slow")(v.mode),
);
