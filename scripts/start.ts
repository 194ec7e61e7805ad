/**
 * `npm start`: builds the runbook, starts the demo Dashtray and serves the site with its Functions in
 * workerd on http://127.0.0.1:8788 (PORT to change; DEMO_PORT for the demo, default 8790).
 * Ctrl-C stops everything, workerd included.
 */
import { DEFAULT_DEMO_PORT } from "../src/demo/address.ts";
import { localClockSeconds, startStack } from "./lib/stack.ts";

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number between 1 and 65535, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

const port = portFrom("PORT", 8788);
const demoPort = portFrom("DEMO_PORT", DEFAULT_DEMO_PORT);

console.log("Building the runbook site…");
const stack = await startStack({
  port,
  demoPort,
  build: true,
  database: true,
  clockSeconds: localClockSeconds(),
  verbose: process.argv.includes("--verbose"),
}).catch((error: unknown) => {
  console.error(`Could not start: ${(error as Error).message}`);
  process.exit(1);
});

console.log(`
  Dashtray runbook   ${stack.url}
  Demo Dashtray      ${stack.demo?.url ?? "(off)"}   (pick "Demo" in the header; flip its mode on ${stack.url}/start-here/demo/)
  Shared history:    D1 in .wrangler/state (migrated and kept across restarts; the demo has a seeded log)
  Watch Worker:      ${stack.watch?.url ?? "(off)"}   (server-side watches; checks between deploys every ${localClockSeconds()} s on the demo)
  Cloudflare Access: off (local)   (RUNBOOK_ACCESS=off; a deployed runbook verifies every API request)

  Ctrl-C to stop.
`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the site, workerd and the demo…`);
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
