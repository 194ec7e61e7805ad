// Cloudflare Pages hands every /api/* request here; the Hono app in src/server does the rest.
import type { Env } from "../../src/server/env.ts";
import { answerApiRequest } from "../../src/server/index.ts";

interface PagesContext {
  request: Request;
  env: Env;
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

export const onRequest = (context: PagesContext) => answerApiRequest(context.request, context.env, context);
