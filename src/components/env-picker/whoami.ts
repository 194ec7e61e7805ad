import type { Whoami } from "../shared/shape-kit.ts";

export type { Whoami };

/** The header's one line about identity: "Signed in as …" or that Access is off. */
export function identityText(answer: Whoami): string {
  if (answer.access === "off" || !answer.identity) return "Access off (local)";
  return `Signed in as ${"email" in answer.identity ? answer.identity.email : `service token ${answer.identity.commonName}`}`;
}
