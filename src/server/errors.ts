import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every API failure: a status, a stable machine code and a sentence that names what was wrong. */
export class ApiFailure extends HTTPException {
  readonly code: string;
  constructor(status: ContentfulStatusCode, code: string, message: string, headers?: Record<string, string>) {
    super(status, { message, ...(headers && { res: new Response(null, { headers }) }) });
    this.code = code;
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
