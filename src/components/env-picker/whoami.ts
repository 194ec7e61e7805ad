import * as z from "zod/mini";

/** `GET /api/whoami`: who Cloudflare Access verified for this request, or that Access is off. */
export const whoami = z.object({
  identity: z.nullable(z.union([z.object({ email: z.string() }), z.object({ commonName: z.string() })])),
  access: z.enum(["verified", "off"]),
});
export type Whoami = z.infer<typeof whoami>;

/** The header's one line about identity: "Signed in as …" or that Access is off. */
export function identityText(answer: Whoami): string {
  if (answer.access === "off" || !answer.identity) return "Access off (local)";
  return `Signed in as ${"email" in answer.identity ? answer.identity.email : `service token ${answer.identity.commonName}`}`;
}
