import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "../../src/demo/server.ts";
import { DEFAULT_WEBHOOK_SECRET } from "../../src/demo/webhooks.ts";
import { getJson, setState, useDemoServer } from "./demo-fixture.ts";

const demo = useDemoServer();
/** Written out here rather than imported: the test must not trust the code under test for it. */
const DEMO_SECRET = "whsec_ZGFzaHRyYXktZGVtby13ZWJob29rLXNlY3JldC0zMmI=";
const OTHER_SECRET = `whsec_${Buffer.from("some-other-secret-of-32-bytes!!!").toString("base64")}`;

/** Standard Webhooks signing, done independently of src/demo/webhooks.ts. */
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

async function deliver(baseUrl: string, body: string, headers: Record<string, string>) {
  return getJson(`${baseUrl}/convex/webhooks/dodopayments`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

function signedHeaders(
  secret: string,
  body: string,
  timestamp = now(),
  id = `msg_${randomUUID()}`,
): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": sign(secret, id, timestamp, body),
  };
}

const PAYLOAD = '{"type":"payment.succeeded","data":{"payment_id":"pay_123","total_amount":1900}}';

describe("payments webhook (Standard Webhooks)", () => {
  it("uses the documented demo secret by default", () => {
    expect(DEFAULT_WEBHOOK_SECRET).toBe(DEMO_SECRET);
    expect(Buffer.from(DEMO_SECRET.slice(6), "base64").toString()).toBe("dashtray-demo-webhook-secret-32b");
  });

  it("accepts a correctly signed delivery and records its id", async () => {
    const headers = signedHeaders(DEMO_SECRET, PAYLOAD);
    const res = await deliver(demo.url, PAYLOAD, headers);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    expect((await getJson(`${demo.url}/__demo/state`)).body.webhookEvents).toEqual([headers["webhook-id"]]);
  });

  it("verifies the raw bytes: whitespace and non-ASCII text as sent", async () => {
    const body = '{ "type": "customer.updated",\n  "data": { "name": "Zoë Ångström" } }';
    expect((await deliver(demo.url, body, signedHeaders(DEMO_SECRET, body))).status).toBe(200);
    const reserialized = JSON.stringify(JSON.parse(body));
    expect((await deliver(demo.url, body, signedHeaders(DEMO_SECRET, reserialized))).status).toBe(401);
  });

  it("finds the matching signature among several space-separated ones", async () => {
    const headers = signedHeaders(DEMO_SECRET, PAYLOAD);
    const wrong = sign(OTHER_SECRET, headers["webhook-id"] ?? "", Number(headers["webhook-timestamp"]), PAYLOAD);
    headers["webhook-signature"] = `${wrong} v1a,c29tZXRoaW5nLWVsc2U= ${headers["webhook-signature"]}`;
    expect((await deliver(demo.url, PAYLOAD, headers)).status).toBe(200);
  });

  it("rejects a delivery signed with another secret (401)", async () => {
    const res = await deliver(demo.url, PAYLOAD, signedHeaders(OTHER_SECRET, PAYLOAD));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("invalid_signature");
    expect((await getJson(`${demo.url}/__demo/state`)).body.webhookEvents).toEqual([]);
  });

  it("rejects a body that differs from the signed one (401)", async () => {
    const res = await deliver(demo.url, PAYLOAD.replace("1900", "19"), signedHeaders(DEMO_SECRET, PAYLOAD));
    expect(res.status).toBe(401);
  });

  it("rejects a correctly signed delivery older than 5 minutes (401), and one from the future", async () => {
    const stale = await deliver(demo.url, PAYLOAD, signedHeaders(DEMO_SECRET, PAYLOAD, now() - 6 * 60));
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe("stale_timestamp");
    const future = await deliver(demo.url, PAYLOAD, signedHeaders(DEMO_SECRET, PAYLOAD, now() + 6 * 60));
    expect(future.status).toBe(401);
    expect(future.body.error.code).toBe("future_timestamp");
    // Inside the tolerance is fine.
    expect((await deliver(demo.url, PAYLOAD, signedHeaders(DEMO_SECRET, PAYLOAD, now() - 4 * 60))).status).toBe(200);
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])(
    "answers 400 naming a missing %s header",
    async (name) => {
      const headers = signedHeaders(DEMO_SECRET, PAYLOAD);
      delete headers[name];
      const res = await deliver(demo.url, PAYLOAD, headers);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: "missing_headers", message: expect.stringContaining(name) });
    },
  );

  it("answers 400 to an unsigned probe like the runbook's and to a timestamp that is not a number", async () => {
    expect((await deliver(demo.url, '{"type":"runbook.probe"}', {})).status).toBe(400);
    const headers = { ...signedHeaders(DEMO_SECRET, PAYLOAD), "webhook-timestamp": "yesterday" };
    const res = await deliver(demo.url, PAYLOAD, headers);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_timestamp");
  });

  it("with webhookVerification off, accepts anything (the broken-endpoint scenario)", async () => {
    await setState(demo.url, { webhookVerification: "off" });
    const res = await deliver(demo.url, '{"type":"runbook.probe"}', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    expect((await deliver(demo.url, PAYLOAD, signedHeaders(OTHER_SECRET, PAYLOAD))).status).toBe(200);
  });
});

describe("payments webhook with a configured secret", () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0, webhookSecret: OTHER_SECRET });
  });
  afterAll(async () => {
    await server.close();
  });

  it("verifies against the webhookSecret option instead of the demo secret", async () => {
    expect((await deliver(server.url, PAYLOAD, signedHeaders(OTHER_SECRET, PAYLOAD))).status).toBe(200);
    expect((await deliver(server.url, PAYLOAD, signedHeaders(DEMO_SECRET, PAYLOAD))).status).toBe(401);
  });
});
