import { request } from "node:http";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type DemoServer, type DemoServerOptions, startDemoServer } from "../../src/demo/server.ts";

/** Starts one demo server for the file and puts it back to defaults before each test. */
export function useDemoServer(options: DemoServerOptions = {}): { readonly url: string; readonly server: DemoServer } {
  let server: DemoServer | undefined;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0, ...options });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    const res = await fetch(`${running().url}/__demo/reset`, { method: "POST" });
    if (!res.ok) throw new Error(`reset failed: ${res.status}`);
  });
  function running(): DemoServer {
    if (!server) throw new Error("demo server not started");
    return server;
  }
  return {
    get url() {
      return running().url;
    },
    get server() {
      return running();
    },
  };
}

export async function setState(url: string, patch: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/__demo/state`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(patch),
  });
  if (res.status !== 200) throw new Error(`setting ${JSON.stringify(patch)} failed: ${res.status} ${await res.text()}`);
}

export async function getJson(
  url: string,
  init?: RequestInit,
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on its shape
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** A GET through node:http, which (unlike fetch) sends no User-Agent unless told to. */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}
