/**
 * @module
 * Reading a token binding, and the failure for one that is not set. Only clients call these: a
 * report never sees a token.
 */
import type { SectionError } from "../../core/deploy/schemas.ts";
import { failure } from "./http.ts";

/** Reads a token from the Function's bindings by the variable name the config gives. */
export function tokenFrom(bindings: object, variable: string): string | undefined {
  const value = (bindings as Record<string, unknown>)[variable];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The failure for a token that is not set: names the variable and where to set it. */
export function missingToken(
  service: string,
  variable: string,
  permission: string,
): { ok: false; error: SectionError } {
  return failure(
    "missing_token",
    `No ${service} token: set ${variable} in .dev.vars (local) or in the Pages project's secrets (deployed), a token with ${permission}.`,
  );
}
