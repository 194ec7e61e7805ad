/**
 * The one validation module: which characters a person's text may not carry (named with their position),
 * and the 400 each kind of input answers, through Hono's `validator` as the routes use it.
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiFailure, errorBody } from "../../src/server/errors.ts";
import { hiddenCharacter, text, validJson, validParam, validQuery } from "../../src/server/validation/index.ts";

describe("hidden characters", () => {
  it.each([
    ["bell", "ab\u0007", "single", "contains U+0007 (a control character) at character 3"],
    ["DEL", "\u007f", "single", "contains U+007F (a control character (DEL)) at character 1"],
    ["C1", "x\u0085y", "multi", "contains U+0085 (a control character (C1)) at character 2"],
    [
      "right-to-left override",
      "ok \u202Eevil",
      "multi",
      "contains U+202E (a bidirectional override or isolate) at character 4",
    ],
    [
      "first strong isolate",
      "\u2068",
      "single",
      "contains U+2068 (a bidirectional override or isolate) at character 1",
    ],
    [
      "newline on one line",
      "a\nb",
      "single",
      "contains U+000A (a control character) at character 2: this field is one line",
    ],
    ["line separator on one line", "a\u2028", "single", "contains U+2028 (a line separator) at character 2"],
    // Positions count characters, not UTF-16 units: the emoji is one.
    [
      "after an emoji",
      "\u{1F600}\u202D",
      "single",
      "contains U+202D (a bidirectional override or isolate) at character 2",
    ],
  ])("refuses %s", (_what, value, lines, message) => {
    expect(hiddenCharacter(value, lines as "single" | "multi")).toBe(message);
  });

  it.each([
    ["tab and line breaks in a note", "line one\r\n\tline two"],
    ["right-to-left marks in Hebrew text", "\u200Fשלום\u200E ok"],
    ["plain text with accents and emoji", "déploiement \u{1F680}"],
  ])("accepts %s where lines may break", (_what, value) => {
    expect(hiddenCharacter(value, "multi")).toBeUndefined();
  });
});

/** A small app with one route per kind of input, answering errors as the API does. */
function app() {
  const api = new Hono()
    .post(
      "/notes/:id",
      validParam(z.object({ id: z.string().regex(/^\d+$/, "must be a number") })),
      validJson(z.object({ note: text(10, "multi") }).strict()),
      (c) => c.json({ id: c.req.valid("param").id, note: c.req.valid("json").note }),
    )
    .get("/list", validQuery(z.object({ limit: z.coerce.number().int().max(5).optional() })), (c) =>
      c.json(c.req.valid("query")),
    );
  api.onError((error, c) =>
    error instanceof ApiFailure ? c.json(errorBody(error.code, error.message), error.status) : c.text("?", 500),
  );
  return api;
}

const post = (body: string, type = "application/json") => ({ method: "POST", headers: { "content-type": type }, body });

describe("validation through Hono's validator", () => {
  it("passes valid input through, typed", async () => {
    const res = await app().request("/notes/12", post('{"note":"two\\nlines"}'));
    expect(await res.json()).toEqual({ id: "12", note: "two\nlines" });
    expect(await (await app().request("/list?limit=3")).json()).toEqual({ limit: 3 });
  });

  it.each([
    [
      "a hidden character",
      "/notes/1",
      post('{"note":"a\\u202eb"}'),
      400,
      "invalid_request",
      "note: contains U+202E (a bidirectional override or isolate) at character 2; such characters are not accepted",
    ],
    [
      "an unknown field",
      "/notes/1",
      post('{"note":"a","by":"x"}'),
      400,
      "invalid_request",
      'body: Unrecognized key: "by"',
    ],
    ["not JSON", "/notes/1", post("{note"), 400, "invalid_json", undefined],
    [
      "not sent as JSON",
      "/notes/1",
      post('{"note":"a"}', "text/plain"),
      415,
      "unsupported_media_type",
      'send the body as "content-type: application/json"',
    ],
    [
      "a bad path",
      "/notes/x1",
      post('{"note":"a"}'),
      400,
      "invalid_parameter",
      'path parameter "id" must be a number, got "x1"',
    ],
    [
      "an unknown query parameter",
      "/list?url=x",
      {},
      400,
      "invalid_parameter",
      'query parameter "url" is not accepted here (accepted: limit)',
    ],
    [
      "a repeated query parameter",
      "/list?limit=1&limit=2",
      {},
      400,
      "invalid_parameter",
      'query parameter "limit" was given more than once',
    ],
    [
      "a bad query value",
      "/list?limit=9",
      {},
      400,
      "invalid_parameter",
      'query parameter "limit": Too big: expected number to be <=5',
    ],
  ])("refuses %s naming it", async (_what, path, init, status, code, message) => {
    const res = await app().request(path, init);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toBe(message);
  });
});
