/**
 * @module
 * The widgets' one door to the runbook API: awaits, checks `res.ok`, parses with the shared schema,
 * and turns every way it can go wrong into a sentence a reader can act on.
 */
import { apiError, type Shape } from "./shape-kit.ts";

export type ApiFailure = {
  ok: false;
  /** `unreachable`: no usable answer from the API at all; `api`: the API answered with an error. */
  kind: "unreachable" | "api";
  code: string;
  message: string;
  status?: number;
  retryAfterSeconds?: number;
};
export type ApiOutcome<T> = { ok: true; data: T } | ApiFailure;

const NO_FUNCTIONS =
  "The site seems to be served without its Functions (run it with `npm start`, or deploy it to Cloudflare Pages).";

/** Calls the API and parses the answer with `schema`. Never throws. */
export async function callApi<T>(path: string, schema: Shape<T>, init: RequestInit = {}): Promise<ApiOutcome<T>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch {
    return {
      ok: false,
      kind: "unreachable",
      code: "network",
      message:
        "The runbook API could not be reached: the request did not get through. Check your connection and that the site is running.",
    };
  }
  return parseResponse(res, schema);
}

/** Reads an API response: an error body, a body in the expected shape, or an explanation. */
export async function parseResponse<T>(res: Response, schema: Shape<T>): Promise<ApiOutcome<T>> {
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return {
      ok: false,
      kind: "unreachable",
      status: res.status,
      code: "not_json",
      message: `The runbook API answered HTTP ${res.status} with something that is not JSON. ${NO_FUNCTIONS}`,
    };
  }
  if (!res.ok) return failureFrom(res, json);
  const parsed = schema.safeParse(json);
  if (!parsed.success) return unexpectedShape(res, "answered in a shape");
  return { ok: true, data: parsed.data };
}

/** An answer (or a streamed line) this page's guards refuse: most likely the page is older than the API. */
export function unexpectedShape(res: Response, what: string): ApiFailure {
  return {
    ok: false,
    kind: "api",
    status: res.status,
    code: "unexpected_shape",
    message: `The runbook API ${what} this page does not understand; reload the page to get the current version.`,
  };
}

/** The failure described by an error response. */
export function failureFrom(res: Response, json: unknown): ApiFailure {
  const error = apiError.safeParse(json);
  const retry = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    kind: res.status === 404 && !error.success ? "unreachable" : "api",
    status: res.status,
    code: error.success ? error.data.error.code : "http_error",
    message: error.success ? error.data.error.message : `The runbook API answered HTTP ${res.status}. ${NO_FUNCTIONS}`,
    ...(Number.isFinite(retry) && retry > 0 && { retryAfterSeconds: retry }),
  };
}
