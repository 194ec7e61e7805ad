import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runbookJsonSchema, runbookJsonSchemaText, SCHEMA_FILE } from "../../src/cli/json-schema.ts";
import { NOTIFICATION_SCHEMA_FILE, notificationJsonSchemaText } from "../../src/core/notify/json-schema.ts";
import { REPO_ROOT } from "./run-cli.ts";

describe("runbook.schema.json", () => {
  it("is up to date with the zod schema (run `npm run schema` and commit the result)", async () => {
    const committed = await readFile(path.join(REPO_ROOT, SCHEMA_FILE), "utf8");
    expect(committed).toBe(runbookJsonSchemaText());
  });

  it("has notifications.schema.json, the webhook payload's schema, up to date as well", async () => {
    const committed = await readFile(path.join(REPO_ROOT, NOTIFICATION_SCHEMA_FILE), "utf8");
    expect(committed).toBe(notificationJsonSchemaText());
  });

  it("is the one runbook.config.json points editors at", async () => {
    const config = JSON.parse(await readFile(path.join(REPO_ROOT, "runbook.config.json"), "utf8")) as {
      $schema?: unknown;
    };
    expect(config.$schema).toBe(`./${SCHEMA_FILE}`);
  });

  it("describes the config as written (input side): defaulted fields are optional, unknown keys refused", () => {
    const schema = runbookJsonSchema() as {
      required?: string[];
      additionalProperties?: unknown;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.required).toEqual(["environments"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      "$schema",
      "title",
      "checks",
      "environments",
      "successCriteria",
      "monitor",
      "contacts",
      "deployWindow",
      "notifications",
    ]);
    expect(schema.properties.checks?.description).toContain("Checks every environment has");
  });
});
