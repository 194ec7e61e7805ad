/**
 * @module
 * The JSON Schema of the generic webhook's payload (one notification event), generated from the zod
 * schema the runbook itself writes events with. `npm run schema` writes it to `notifications.schema.json`.
 */
import { z } from "zod";
import { notificationEvent } from "./events.ts";

export const NOTIFICATION_SCHEMA_FILE = "notifications.schema.json";

export function notificationJsonSchemaText(): string {
  const { $schema, ...rest } = z.toJSONSchema(notificationEvent, { io: "output" }) as Record<string, unknown>;
  const schema = {
    $schema,
    title: "Dashtray runbook notification event",
    description:
      "The JSON body of every generic webhook delivery (signed with Standard Webhooks; `webhook-id` is `id`). Generated from src/core/notify/events.ts by `npm run schema`.",
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
