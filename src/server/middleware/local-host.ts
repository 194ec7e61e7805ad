/**
 * @module
 * With Cloudflare Access off (`npm start`, the demo, tests) the API answers with the developer's own
 * tokens and nothing checks who asks. A DNS-rebinding page (evil.example resolving to 127.0.0.1)
 * would reach it with its own name in `Host`; so without Access only loopback names are answered.
 */
import type { MiddlewareHandler } from "hono";
import { ApiFailure } from "../errors.ts";
import { type AccessBindings, accessSettings } from "./access/settings.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function refuseForeignHost(): MiddlewareHandler<{ Bindings: AccessBindings }> {
  return async function refuseForeignHostHandler(c, next) {
    if (isAccessOff(c.env ?? {})) {
      const header = c.req.header("host");
      const named = [new URL(c.req.url).hostname, ...(header === undefined ? [] : [hostnameOf(header)])];
      const foreign = named.find((name) => !LOOPBACK.has(name));
      if (foreign !== undefined)
        throw new ApiFailure(
          403,
          "host_refused",
          `with RUNBOOK_ACCESS=off the API answers only on this machine's loopback address, not for the host "${foreign.slice(0, 100)}"`,
        );
    }
    await next();
  };
}

function isAccessOff(bindings: AccessBindings): boolean {
  try {
    return accessSettings(bindings).mode === "off";
  } catch {
    // A broken Access setup is refused by the Access middleware itself.
    return false;
  }
}

/** `example.com:8788` -> `example.com`, `[::1]:8788` -> `[::1]`. */
function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  return trimmed.split(":")[0] ?? "";
}
