/**
 * @module
 * `npm run schema`: writes `runbook.schema.json` (the JSON Schema of `runbook.config.json`) at the
 * repository root from the zod schema in `src/core/config`. Run it after changing that schema and
 * commit the result; `test/cli/schema.test.ts` fails while the committed file is out of date.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runbookJsonSchemaText, SCHEMA_FILE } from "../src/cli/json-schema.ts";

const file = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
const text = runbookJsonSchemaText();
const current = await readFile(file, "utf8").catch(() => undefined);
if (current === text) {
  console.log(`${SCHEMA_FILE} is up to date.`);
} else {
  await writeFile(file, text);
  console.log(`Wrote ${SCHEMA_FILE} (${text.length} bytes).`);
}
