import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { loadConfig } from "../core/config/index.ts";

/** Said at every build until a real on-call contact is configured; the page shows the same gap. */
export const ON_CALL_MISSING =
  "contacts.onCall is not set in runbook.config.json: the Emergency Contacts page says 'not configured' instead of naming who is on call.";

/**
 * Validates `runbook.config.json` when the site builds, so a bad value stops the build with a message
 * naming the field instead of shipping a runbook whose buttons cannot work.
 */
export function runbookConfig(): AstroIntegration {
  return {
    name: "runbook-config",
    hooks: {
      "astro:config:setup": ({ config, logger }) => {
        const file = fileURLToPath(new URL("runbook.config.json", config.root));
        let raw: unknown;
        try {
          raw = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
          throw new Error(
            `[runbook config] runbook.config.json could not be read as JSON: ${(error as Error).message}`,
          );
        }
        const loaded = loadConfig(raw, { demoOrigin: "http://127.0.0.1:8790" });
        logger.info(`runbook.config.json is valid: ${loaded.environments.map((e) => e.id).join(", ")}`);
        if (!loaded.config.contacts.onCall) logger.warn(ON_CALL_MISSING);
      },
    },
  };
}
