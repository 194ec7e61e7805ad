import { Hono } from "hono";
import type { AccessIdentity } from "../middleware/access/index.ts";
import { described } from "../middleware/reference.ts";
import type { AppEnv } from "../types.ts";

/** The answer of `GET /api/whoami` (schema: `whoami` in `src/core/result.ts`). */
export interface WhoamiAnswer {
  identity: AccessIdentity | null;
  access: "verified" | "off";
}

/** `GET /api/whoami`: the identity Cloudflare Access verified for this request (`null` where Access is off). */
export const whoami = new Hono<AppEnv>().get(
  "/",
  described("Who Cloudflare Access verified for this request (null where Access is off)."),
  (c) => {
    const identity = c.get("identity") ?? null;
    return c.json({ identity, access: identity ? "verified" : "off" } satisfies WhoamiAnswer);
  },
);
