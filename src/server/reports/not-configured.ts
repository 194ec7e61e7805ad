import type { SectionError } from "../../core/deploy/schemas.ts";
import { failure } from "../clients/http.ts";

/** The failure for a part this environment's config leaves out. */
export function notConfigured(environmentId: string, what: string): { ok: false; error: SectionError } {
  return failure("not_configured", `Environment "${environmentId}" has no ${what} in runbook.config.json.`);
}
