/**
 * @module
 * `npm run schema`: writes `runbook.schema.json` (the JSON Schema of `runbook.config.json`) and
 * `notifications.schema.json` (the generic webhook's payload) at the repository root from the zod
 * schemas in `src/core`. Run it after changing either and commit the result; `test/cli/schema.test.ts`
 * fails while a committed file is out of date.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runbookJsonSchemaText, SCHEMA_FILE } from "../src/cli/json-schema.ts";
import { NOTIFICATION_SCHEMA_FILE, notificationJsonSchemaText } from "../src/core/notify/json-schema.ts";

for (const [name, text] of [
  [SCHEMA_FILE, runbookJsonSchemaText()],
  [NOTIFICATION_SCHEMA_FILE, notificationJsonSchemaText()],
] as const) {
  const file = fileURLToPath(new URL(`../${name}`, import.meta.url));
  const current = await readFile(file, "utf8").catch(() => undefined);
  if (current === text) console.log(`${name} is up to date.`);
  else {
    await writeFile(file, text);
    console.log(`Wrote ${name} (${text.length} bytes).`);
  }
}
