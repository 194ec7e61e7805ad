/**
 * @module
 * One HTTP probe with a single deadline over connect, headers and body, a body size limit, and
 * redirects followed by hand so that a redirect can never lead the probe off the configured targets.
 * Runs the same in workerd (the Function) and in Node (the CLI): it only needs a `fetch`.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ProbeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  timeoutMs: number;
  maxBytes: number;
  followRedirects: boolean;
  /** Origins a redirect may lead to: the environment's configured targets. */
  allowedOrigins: readonly string[];
}

export interface ProbeResponse {
  kind: "response";
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string;
  bytes: number;
  latencyMs: number;
  redirects: number;
  finalUrl: string;
}

export type ProbeFailureCode =
  | "timeout"
  | "connection_refused"
  | "dns_failed"
  | "tls_error"
  | "connection_reset"
  | "connection_failed"
  | "unreachable"
  | "too_large"
  | "redirect_loop"
  | "too_many_redirects"
  | "redirect_blocked"
  | "network_error";

export interface ProbeFailure {
  kind: "failure";
  code: ProbeFailureCode;
  message: string;
  latencyMs: number;
  redirects: number;
  /** Status of the last response seen, when the failure came after headers (size limit, slow body). */
  status?: number;
}

export type ProbeOutcome = ProbeResponse | ProbeFailure;

export const MAX_REDIRECTS = 5;

class ProbeAbort extends Error {
  readonly code: ProbeFailureCode;
  readonly status: number | undefined;
  constructor(code: ProbeFailureCode, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** Sends one request as the check defines it and reads at most `maxBytes` of the answer before the deadline. */
export async function probe(fetchImpl: FetchLike, request: ProbeRequest): Promise<ProbeOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Status of the final answer once its headers are in, so a failure while reading its body still reports it. */
  let answered: number | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Reject before aborting, so the race settles with this reason rather than the fetch's AbortError.
      reject(
        answered === undefined
          ? new ProbeAbort("timeout", `no complete answer within ${request.timeoutMs} ms`)
          : new ProbeAbort(
              "timeout",
              `HTTP ${answered} arrived, but its body did not finish within ${request.timeoutMs} ms`,
              answered,
            ),
      );
      controller.abort();
    }, request.timeoutMs);
  });
  const visited = new Set<string>();
  let url = request.url;
  let redirects = 0;
  let method = request.method;
  let body = request.body;
  try {
    for (;;) {
      visited.add(url);
      const response = await Promise.race([
        fetchImpl(url, { method, headers: request.headers, body, redirect: "manual", signal: controller.signal }),
        deadline,
      ]);
      const location = response.headers.get("location");
      if (request.followRedirects && response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => {});
        const next = new URL(location, url).toString();
        if (visited.has(next))
          throw new ProbeAbort("redirect_loop", `redirect loop: ${next} was already visited`, response.status);
        if (redirects >= MAX_REDIRECTS)
          throw new ProbeAbort("too_many_redirects", `more than ${MAX_REDIRECTS} redirects`, response.status);
        const origin = new URL(next).origin;
        if (!request.allowedOrigins.includes(origin))
          throw new ProbeAbort(
            "redirect_blocked",
            `redirected to ${origin}, which is not a configured target`,
            response.status,
          );
        redirects += 1;
        url = next;
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
        }
        continue;
      }
      answered = response.status;
      const { text, bytes, at } = await Promise.race([readLimited(response, request.maxBytes), deadline]);
      return {
        kind: "response",
        status: response.status,
        headers: Object.fromEntries(response.headers),
        contentType: response.headers.get("content-type") ?? "",
        body: text,
        bytes,
        latencyMs: elapsed(started, at),
        redirects,
        finalUrl: url,
      };
    }
  } catch (error) {
    controller.abort();
    const failure = classify(error, url);
    const status = error instanceof ProbeAbort && error.status !== undefined ? error.status : answered;
    return {
      kind: "failure",
      ...failure,
      latencyMs: elapsed(started),
      redirects,
      ...(status !== undefined && { status }),
    };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function elapsed(started: number, ended = performance.now()): number {
  return Math.round((ended - started) * 10) / 10;
}

/**
 * The body, up to `maxBytes`, and when its last byte was read (`at`). With a Content-Length that is
 * the moment the declared length is in, not a later read that only reports the end of the stream: in
 * a Worker each read waits its turn behind every other request the isolate serves, so one read fewer
 * keeps the sample's latency the target's.
 */
async function readLimited(response: Response, maxBytes: number): Promise<{ text: string; bytes: number; at: number }> {
  const length = response.headers.get("content-length");
  const declared = length === null ? Number.NaN : Number(length);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ProbeAbort("too_large", `body of ${declared} bytes is over the ${maxBytes}-byte limit`, response.status);
  }
  if (!response.body) return { text: "", bytes: 0, at: performance.now() };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ProbeAbort("too_large", `body is over the ${maxBytes}-byte limit`, response.status);
    }
    chunks.push(value);
    if (total === declared) {
      // Everything declared is in; what the stream still has to say is only that it ended.
      reader.cancel().catch(() => {});
      break;
    }
  }
  const at = performance.now();
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(all), bytes: total, at };
}

/** Turns whatever the runtime threw into one of a few codes a person can act on. */
export function classify(error: unknown, url: string): { code: ProbeFailureCode; message: string } {
  if (error instanceof ProbeAbort) return { code: error.code, message: error.message };
  const host = safeHost(url);
  const text = describeChain(error);
  if (/AbortError|TimeoutError|aborted/i.test(text))
    return { code: "timeout", message: "the request was aborted at the deadline" };
  if (/ECONNREFUSED|connection refused|connect\(\) failed/i.test(text))
    return { code: "connection_refused", message: `connection refused by ${host}` };
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo|DNS|resolve host|No such host|name not resolved/i.test(text))
    return { code: "dns_failed", message: `the name ${safeHostname(url)} does not resolve` };
  if (/CERT|TLS|SSL|self[- ]signed|certificate/i.test(text))
    return { code: "tls_error", message: `TLS handshake with ${host} failed: ${innermost(error)}` };
  if (/ECONNRESET|socket hang up|UND_ERR_SOCKET|other side closed/i.test(text))
    return { code: "connection_reset", message: `${host} closed the connection before answering` };
  // workerd reports refused and reset connections alike, and a failed DNS lookup as an opaque internal error.
  if (/Network connection lost/i.test(text))
    return {
      code: "connection_failed",
      message: `could not connect to ${host}, or it closed the connection before answering`,
    };
  if (/internal error; reference/i.test(text))
    return { code: "unreachable", message: `${safeHostname(url)} could not be reached (its name may not resolve)` };
  if (/bad port/i.test(text))
    return {
      code: "network_error",
      message: `${host} uses a port that fetch refuses to connect to; use a standard HTTP port`,
    };
  return { code: "network_error", message: `request to ${host} failed: ${firstLine(text)}` };
}

function describeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      parts.push(`${current.name}: ${current.message}${typeof code === "string" ? ` (${code})` : ""}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(" <- ");
}

/** The root cause's own words, without runtime advice: "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)". */
function innermost(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return firstLine(String(current));
  const code = (current as Error & { code?: unknown }).code;
  const message = current.message.split(";")[0] ?? current.message;
  return `${firstLine(message)}${typeof code === "string" ? ` (${code})` : ""}`;
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.slice(0, 200) ?? "";
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
