/**
 * @module
 * Small response and request helpers over node:http, shared by every route file.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { setTimeout as wait } from "node:timers/promises";

/** Sends a JSON body; `contentType` lets health+json and similar media types through. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
  contentType = "application/json",
): void {
  send(res, status, JSON.stringify(body), { "content-type": contentType, ...headers });
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, html, { "content-type": "text/html; charset=utf-8", ...headers });
}

export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, text, { "content-type": "text/plain; charset=utf-8", ...headers });
}

/** The demo's own error shape (the runbook API's too): `{ "error": { "code", "message" } }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

function send(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders): void {
  // The client may have gone away while a slow answer was being prepared.
  if (res.writableEnded || res.destroyed) return;
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, { ...headers, "content-length": bytes.length, "cache-control": "no-store" });
  res.end(bytes);
}

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Reads the raw request body, byte for byte (signatures are computed over it), up to `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Waits `ms`; resolves false instead of throwing when `signal` aborts first (client gone, server closing). */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await wait(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Reads an integer query parameter within bounds: `fallback` when absent, null when invalid. */
export function intParam(url: URL, name: string, min: number, max: number, fallback: number): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= min && value <= max ? value : null;
}
