/**
 * @module
 * `npm run demo`: starts the demo Dashtray on DEMO_PORT (default 8790) and DEMO_HOST (default
 * 127.0.0.1), prints its URL, and stops cleanly on SIGINT or SIGTERM.
 */
import { DEFAULT_DEMO_PORT } from "./address.ts";
import { startDemoServer } from "./server.ts";

function portFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_DEMO_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`[demo] DEMO_PORT must be an integer from 0 to 65535, received "${raw}"`);
    process.exit(1);
  }
  return port;
}

try {
  const server = await startDemoServer({
    port: portFromEnv(process.env.DEMO_PORT),
    host: process.env.DEMO_HOST || undefined,
    webhookSecret: process.env.DEMO_WEBHOOK_SECRET || undefined,
  });
  console.log(`Demo Dashtray listening on ${server.url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`[demo] failed to stop: ${String(error)}`);
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  console.error(`[demo] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
