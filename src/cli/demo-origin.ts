/**
 * @module
 * Which demo Dashtray `--env demo` checks: `--demo-origin`, else `RUNBOOK_DEMO_ORIGIN`, else the
 * address `npm start` gives it (127.0.0.1 on `DEMO_PORT`, default 8790), so the demo needs no flag.
 */
import { DEFAULT_DEMO_PORT, localDemoOrigin } from "../demo/address.ts";
import { UsageError } from "./config.ts";

export interface DemoOrigin {
  origin: string;
  /** Where it came from, for the message saying which demo was used. */
  from: "--demo-origin" | "RUNBOOK_DEMO_ORIGIN" | "DEMO_PORT" | "npm start's default";
}

/** The demo origin to use; a `DEMO_PORT` that is not a port is a UsageError naming it. */
export function chooseDemoOrigin(flag: string | undefined, env: Record<string, string | undefined>): DemoOrigin {
  if (flag !== undefined) return { origin: flag, from: "--demo-origin" };
  if (env.RUNBOOK_DEMO_ORIGIN) return { origin: env.RUNBOOK_DEMO_ORIGIN, from: "RUNBOOK_DEMO_ORIGIN" };
  const raw = env.DEMO_PORT;
  if (raw === undefined || raw === "")
    return { origin: localDemoOrigin(DEFAULT_DEMO_PORT), from: "npm start's default" };
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UsageError("bad_demo_port", `DEMO_PORT: expected a port number from 1 to 65535, got "${raw}"`);
  return { origin: localDemoOrigin(port), from: "DEMO_PORT" };
}

/** Says which demo a run used when the reader did not name it: a stopped `npm start` then explains the errors. */
export function demoOriginNote(demo: DemoOrigin): string | undefined {
  if (demo.from === "--demo-origin") return undefined;
  const why =
    demo.from === "RUNBOOK_DEMO_ORIGIN"
      ? "from RUNBOOK_DEMO_ORIGIN"
      : demo.from === "DEMO_PORT"
        ? "where `npm start` runs it with this DEMO_PORT"
        : `where \`npm start\` runs it; DEMO_PORT or --demo-origin name another`;
  return `Demo Dashtray: ${demo.origin} (${why})`;
}
