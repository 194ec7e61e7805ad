import { describe, expect, it } from "vitest";
import { scrubberFor, secretsIn } from "../../src/server/lib/scrub.ts";
import { scrubStream } from "../../src/server/lib/scrub-stream.ts";
import { encodings } from "../support/encodings.ts";

const token = "cf-FAKE-Secret_tok/en+42";
const scrub = scrubberFor([token]);
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** Every form of the token an upstream might echo back. */
const forms: [string, string][] = [
  ...encodings(token),
  ["base64 wrapped with JSON's escaped line breaks", b64(token).replace(/(.{8})(?=.)/g, "$1\\n")],
  ["Bearer with any other credential", "bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"],
];
describe("the secret scrubber", () => {
  it.each(forms)("removes the token %s, inside surrounding text", (_what, form) => {
    const out = scrub(`upstream said: ${form} (request 7)`);
    expect(out).toContain("upstream said: ");
    expect(out).toContain("(request 7)");
    expect(out).not.toContain(form);
    expect(out.toLowerCase()).not.toContain("tok/en");
  });

  it.each(forms)("removes the token %s inside a JSON answer (the form itself JSON-escaped)", (_what, form) => {
    const answer = JSON.stringify({ message: `upstream said: ${form} (request 7)` });
    const out = scrub(answer);
    expect(JSON.parse(out)).toMatchObject({ message: expect.stringContaining("(request 7)") });
    expect(out).not.toContain(JSON.stringify(form).slice(1, -1));
    expect(out.toLowerCase()).not.toContain("tok/en");
  });

  it.each(forms)("removes the token %s from a stream cut anywhere, chunk by chunk", async (_what, form) => {
    const text = `${"row,".repeat(300)}upstream said: ${form} (request 7)\n${"row,".repeat(300)}`;
    for (const cut of [1, 7, 64, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += cut) chunks.push(text.slice(i, i + cut));
      const encoder = new TextEncoder();
      const source = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
          controller.close();
        },
      });
      const out = await new Response(source.pipeThrough(scrubStream(scrub))).text();
      expect(out).toBe(scrub(text));
      expect(out).not.toContain(form);
    }
  });

  it("scrubs a whole text before anything cuts it: no prefix survives a later cut at 200 characters", () => {
    const message = `${"x".repeat(190)}${token}`;
    expect(scrub(message).slice(0, 200)).not.toContain(token.slice(0, 10));
  });

  it("leaves text without secrets alone", () => {
    expect(scrub("HTTP 403: Authentication error (10000)")).toBe("HTTP 403: Authentication error (10000)");
  });

  it("takes secret bindings by name, not short values or other variables", () => {
    expect(
      secretsIn({
        CLOUDFLARE_API_TOKEN: "cf-token-value",
        DEMO_CONVEX_DEPLOY_KEY: "prod:convex-key",
        DODO_TEST_WEBHOOK_SECRET: "whsec_abcdefgh",
        ACCESS_AUD: "0123456789abcdef",
        GITHUB_TOKEN: "short",
        RUNBOOK_DEMO_ORIGIN: "http://127.0.0.1:8790",
        RUNBOOK_RATE_LIMITER: { limit() {} },
      }),
    ).toEqual(["cf-token-value", "prod:convex-key", "whsec_abcdefgh", "0123456789abcdef"]);
  });
});
