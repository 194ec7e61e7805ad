import type { AccessIdentity } from "../middleware/access/index.ts";

/** Who is acting: the verified Access email or service token, `local` where Access is off. */
export function actorOf(identity: AccessIdentity | null | undefined): string {
  if (!identity) return "local";
  return "email" in identity ? identity.email : `service:${identity.commonName}`;
}
