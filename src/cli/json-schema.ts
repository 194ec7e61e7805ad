/**
 * @module
 * The JSON Schema of `runbook.config.json`, generated from the zod schema so editors validate the file
 * with the same rules as the site build, the Function and the CLI. `npm run schema` writes it to
 * `runbook.schema.json`; a unit test fails when the committed file is out of date.
 */
import { z } from "zod";
import { runbookConfig } from "../core/config/schema.ts";

/** File name at the repository root, referenced by `runbook.config.json` as its `$schema`. */
export const SCHEMA_FILE = "runbook.schema.json";

/** The JSON Schema of the config as an editor reads it: input shape, so defaulted fields are optional. */
export function runbookJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(runbookConfig, { io: "input" }) as Record<string, unknown>;
  return {
    $schema,
    title: "Dashtray runbook configuration",
    description:
      "runbook.config.json: environments, checks and success criteria. Generated from src/core/config by `npm run schema`.",
    ...rest,
  };
}

/** The exact text of `runbook.schema.json`: two-space JSON with a trailing newline. */
export function runbookJsonSchemaText(): string {
  return `${JSON.stringify(runbookJsonSchema(), null, 2)}\n`;
}
