/**
 * The shared history under hostile input, through the real Function in workerd and real local D1:
 * - OWASP's CSV and Markdown payloads as notes come out of every export inert;
 * - text that would read other than it is (bidi overrides, C1, DEL) is refused naming the character;
 * - bounded by design (a stack of its own with Access on, so people are told apart, default limits and a
 *   D1 history seeded past the caps): caps, a note flood, a write flood, paging, and a restart mid-export.
 * Row names and counts live in `hostile-history-rows.ts` (the whole suite's count is asserted in bad-input.test.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { micromark } from "micromark";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { executeLocalSql, type Stack, startStack } from "../../scripts/lib/stack.ts";
import { accessBindings, accessToken, audienceTag, startAccessStack } from "../support/access.ts";
import { CSV_PAYLOADS, MARKDOWN_PAYLOADS } from "../support/hostile-text.ts";
import { BOUNDED_ROWS, HIDDEN_TEXT } from "./hostile-history-rows.ts";

const site = inject("siteUrl");
const key = () => crypto.randomUUID();
const json = { "content-type": "application/json" };

/** RFC 4180 records (quoted fields, CRLF between records, line breaks inside quotes kept). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new Error(`unquoted field at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
    let value = "";
    i += 1;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) throw new Error("unterminated field");
      value += text.slice(i, quote);
      if (text[quote + 1] === '"') {
        value += '"';
        i = quote + 2;
      } else {
        i = quote + 1;
        break;
      }
    }
    fields.push(value);
    if (text[i] === ",") i += 1;
    else if (text.startsWith("\r\n", i)) {
      records.push(fields);
      fields = [];
      i += 2;
    } else if (i < text.length) throw new Error(`junk after a field at ${i}`);
  }
  return records;
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { method: "POST", headers: { ...json, ...headers }, body: JSON.stringify(body) });
}

describe("OWASP's CSV and Markdown payloads as notes: every export keeps them inert", () => {
  let id: number;
  let csv: string[][];
  let md: string;
  beforeAll(async () => {
    const start = await post(site, "/api/deployments?env=staging", {
      targetCommit: "feedfacefeedface",
      idempotencyKey: key(),
    });
    expect(start.status).toBe(201);
    id = ((await start.json()) as { deployment: { id: number } }).deployment.id;
    for (const text of [...CSV_PAYLOADS, ...MARKDOWN_PAYLOADS]) {
      const res = await post(site, `/api/deployments/${id}/notes`, { text, idempotencyKey: key() });
      expect(res.status, text).toBe(201);
    }
    csv = parseCsv(await (await fetch(`${site}/api/deployments/${id}?format=csv`)).text());
    md = await (await fetch(`${site}/api/deployments/${id}?format=md`)).text();
  });
  afterAll(async () => {
    if (id) await post(site, `/api/deployments/${id}/status`, { status: "abandoned" });
  });

  it.each(CSV_PAYLOADS)("CSV: %j is one quoted cell that starts no formula", (payload) => {
    // Notes are stored trimmed (a leading tab or CR goes); the rest must come back whole.
    const row = csv.find((r) => r[0] === "note" && r[5]?.replaceAll("'", "") === payload.trim().replaceAll("'", ""));
    expect(row, "the note's row").toBeDefined();
    const cell = row?.[5] ?? "";
    expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Split on any separator a spreadsheet might use (ignoring quotes): no piece starts a formula.
    for (const piece of cell.split(/[,;\t\r\n|]/).slice(1)) expect(piece).not.toMatch(/^[=+\-@]/);
  });

  it.each(MARKDOWN_PAYLOADS)("Markdown: %j stays text in its table row", (payload) => {
    const lines = md.split("\n").filter((l) => l.startsWith("| note |"));
    const html = lines.map((l) => micromark(l));
    const line = lines.find((l) => l.replaceAll("\\", "").includes(payload.replace(/\s+/g, " ").trim()));
    expect(line, "the note's row").toBeDefined();
    expect(line?.match(/(?<!\\)\|/g)).toHaveLength(7);
    for (const h of html) expect(h).not.toMatch(/<(a|img|em|strong|code|h\d|script)\b|<[^>]*\b(href|src)=/);
  });
});

describe("text that would read other than it is: refused, naming the character and where", () => {
  let id: number;
  beforeAll(async () => {
    const start = await post(site, "/api/deployments?env=staging", {
      targetCommit: "feedfacefeedface",
      idempotencyKey: key(),
    });
    id = ((await start.json()) as { deployment: { id: number } }).deployment.id;
  });
  afterAll(async () => {
    if (id) await post(site, `/api/deployments/${id}/status`, { status: "abandoned" });
  });

  it.each(HIDDEN_TEXT)("a note with %s: 400 naming %s", async (_what, text, code) => {
    const res = await post(site, `/api/deployments/${id}/notes`, { text, idempotencyKey: key() });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(code);
    const detail = (await (await fetch(`${site}/api/deployments/${id}`)).json()) as { notes: unknown[] };
    expect(detail.notes).toEqual([]);
  });
});

describe("bounded by design: caps, floods, paging and a restart, on a history seeded past every cap", () => {
  const audience = audienceTag();
  const persistTo = mkdtempSync(join(tmpdir(), "runbook-hostile-history-"));
  let access: Awaited<ReturnType<typeof startAccessStack>>;
  let stack: Stack;
  const as = async (email: string) => ({
    "cf-access-jwt-assertion": await accessToken({ key: access.key, audience, claims: { email } }),
  });
  let ana: Record<string, string>;
  let flooded: number;
  let other: number;

  beforeAll(async () => {
    access = await startAccessStack(audience, { persistTo });
    stack = access.stack;
    ana = await as("ana@dashtray.example");
    const started = await post(
      stack.url,
      "/api/deployments?env=staging",
      { targetCommit: "abcdef0", idempotencyKey: key() },
      ana,
    );
    flooded = ((await started.json()) as { deployment: { id: number } }).deployment.id;
    const second = await post(
      stack.url,
      "/api/deployments?env=production",
      { targetCommit: "abcdef1", idempotencyKey: key() },
      ana,
    );
    other = ((await second.json()) as { deployment: { id: number } }).deployment.id;
    const n = (count: number, insert: string) =>
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count}) ${insert}`;
    const now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    await executeLocalSql(
      [
        n(
          5000,
          `INSERT INTO notes (deployment_id, idempotency_key, text, actor, at) SELECT ${flooded}, printf('flood-%05d', i), printf('note %d of the flood, =1+1 ![x](https://evil.example/%d.png)', i, i), 'mallory@example.com', ${now} FROM n`,
        ),
        n(
          200,
          `INSERT INTO ticks (deployment_id, checklist, item, label, ticked, actor, at) SELECT ${flooded}, 'flood', printf('item-%03d', i), printf('Item %d', i), 1, 'mallory@example.com', ${now} FROM n`,
        ),
        n(
          1000,
          `INSERT INTO check_results (deployment_id, check_id, source, status, summary, checked_at, actor, at) SELECT ${flooded}, 'frontend', 'check', 'pass', 'HTTP 200', printf('2026-01-01T00:00:%02d.%03dZ', i / 1000, i % 1000), 'mallory@example.com', ${now} FROM n`,
        ),
        n(
          30000,
          `INSERT INTO audit (at, actor, environment, kind, target, outcome, http_status, duration_ms) SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d seconds', i)), printf('person%d@dashtray.example', i % 3), 'staging', 'check', 'frontend', 'pass', 200, 40 FROM n`,
        ),
      ].join(";\n"),
      persistTo,
    );
  }, 120_000);
  afterAll(async () => {
    // The restart row replaces the stack: stop the one running now.
    await stack?.stop();
    await access?.jwks.close();
    rmSync(persistTo, { recursive: true, force: true });
  });

  const rows: Record<(typeof BOUNDED_ROWS)[number], () => Promise<void>> = {
    "a note past the notes cap is a 409 naming the cap": async () => {
      const res = await post(
        stack.url,
        `/api/deployments/${flooded}/notes`,
        { text: "one more", idempotencyKey: key() },
        ana,
      );
      expect(res.status).toBe(409);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("cap_reached");
      expect(error.message).toContain("500 notes");
    },
    "a new ticked item past the ticks cap is a 409; re-ticking an item is not": async () => {
      const tick = (item: string, ticked: boolean) =>
        post(stack.url, `/api/deployments/${flooded}/ticks`, { checklist: "flood", item, label: "x", ticked }, ana);
      const refused = await tick("item-new", true);
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("ticks cap");
      expect((await tick("item-001", false)).status).toBe(200);
    },
    "a check result past the checks cap is a 409; a repeat is not": async () => {
      const attach = (checkedAt: string) =>
        post(
          stack.url,
          `/api/deployments/${flooded}/checks`,
          { checkId: "frontend", source: "check", status: "pass", summary: "ok", checkedAt },
          ana,
        );
      expect((await attach("2026-02-01T00:00:00.000Z")).status).toBe(409);
      expect((await attach("2026-01-01T00:00:00.001Z")).status).toBe(200);
    },
    "5,000 notes: the log answers 200 with the first notes and the count": async () => {
      const res = await fetch(`${stack.url}/api/deployments?env=staging`, { headers: ana });
      expect(res.status).toBe(200);
      const { deployments } = (await res.json()) as {
        deployments: { id: number; notes: string[]; notesCount: number }[];
      };
      const row = deployments.find((d) => d.id === flooded);
      expect(row?.notesCount).toBe(5000);
      expect(row?.notes.length).toBeLessThanOrEqual(10);
    },
    "5,000 notes: the detail answers 200 with at most the cap of notes": async () => {
      const res = await fetch(`${stack.url}/api/deployments/${flooded}`, { headers: ana });
      expect(res.status).toBe(200);
      const detail = (await res.json()) as { notes: unknown[]; deployment: { notesCount: number } };
      expect(detail.notes).toHaveLength(500);
      expect(detail.deployment.notesCount).toBe(5000);
    },
    "5,000 notes: every list export is complete": async () => {
      for (const format of ["csv", "md", "json"]) {
        const res = await fetch(`${stack.url}/api/deployments?env=staging&format=${format}`, { headers: ana });
        expect(res.status).toBe(200);
        const text = await res.text();
        if (format === "json")
          expect(JSON.parse(text)).toMatchObject({ complete: true, deployments: [{ notesCount: 5000 }] });
        else {
          expect(text).toContain("4990 more notes");
          expect(text.trimEnd()).toMatch(/(end of export|End of export).*rows/);
        }
      }
    },
    "5,000 notes: the deployment's own export holds every note, ticks with who and when, and checks": async () => {
      const res = await fetch(`${stack.url}/api/deployments/${flooded}?format=csv`, { headers: ana });
      expect(res.headers.get("content-disposition")).toMatch(/filename="deployment-\d+-staging-/);
      const records = parseCsv(await res.text());
      expect(records.filter((r) => r[0] === "note")).toHaveLength(5000);
      expect(records.filter((r) => r[0] === "tick")).toHaveLength(200);
      expect(records.find((r) => r[0] === "tick")?.slice(1, 3)).toEqual([
        expect.stringMatching(/^\d{4}-/),
        "mallory@example.com",
      ]);
      expect(records.filter((r) => r[0] === "check").length).toBeGreaterThanOrEqual(1000);
      expect(records.at(-1)?.[0]).toBe("# end of export");
      const md = await (await fetch(`${stack.url}/api/deployments/${flooded}?format=md`, { headers: ana })).text();
      expect(micromark(md)).not.toMatch(/<(a|img)\b/);
      const whole = JSON.parse(
        await (await fetch(`${stack.url}/api/deployments/${flooded}?format=json`, { headers: ana })).text(),
      );
      expect(whole).toMatchObject({ complete: true, deployment: flooded });
    },
    "5,000 notes: the deployment still closes, and a new one starts": async () => {
      const closed = await post(stack.url, `/api/deployments/${flooded}/status`, { status: "abandoned" }, ana);
      expect(closed.status).toBe(200);
      const next = await post(
        stack.url,
        "/api/deployments?env=staging",
        { targetCommit: "abcdef2", idempotencyKey: key() },
        ana,
      );
      expect(next.status).toBe(201);
    },
    "200 writes a minute from one person: 429 past the limit, one audit row per minute counting them": async () => {
      const mallory = await as("mallory@example.com");
      const statuses: number[] = [];
      for (let i = 0; i < 200; i += 1)
        statuses.push(
          (
            await post(
              stack.url,
              `/api/deployments/${other}/notes`,
              { text: `flood ${i}`, idempotencyKey: key() },
              mallory,
            )
          ).status,
        );
      const refused = statuses.filter((s) => s === 429).length;
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(60);
      expect(refused).toBeGreaterThanOrEqual(140);
      const read = async () =>
        (
          (await (
            await fetch(`${stack.url}/api/audit?kind=rate-limited&person=mallory@example.com`, { headers: ana })
          ).json()) as { entries: { count: number; at: string }[] }
        ).entries;
      await expect.poll(async () => (await read()).reduce((sum, e) => sum + e.count, 0)).toBe(refused);
      const entries = await read();
      // One row per minute: the flood took a few seconds, so at most two minutes.
      expect(entries.length).toBeLessThanOrEqual(2);
      expect(new Set(entries.map((e) => e.at.slice(0, 16))).size).toBe(entries.length);
    },
    "another person writes meanwhile: their own limit": async () => {
      const res = await post(
        stack.url,
        `/api/deployments/${other}/notes`,
        { text: "still here", idempotencyKey: key() },
        ana,
      );
      expect(res.status).toBe(201);
    },
    "a reader pressing Verify again within the reuse window is never refused": async () => {
      const bob = await as("bob@dashtray.example");
      const statuses: number[] = [];
      for (let i = 0; i < 70; i += 1)
        statuses.push(
          (await fetch(`${stack.url}/api/checks/frontend/run?env=demo`, { method: "POST", headers: bob })).status,
        );
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(stack.demo?.state.counts["GET /"] ?? 0).toBeLessThan(70);
    },
    "an export honours limit exactly": async () => {
      const text = await (
        await fetch(`${stack.url}/api/audit?env=staging&kind=check&limit=1000&format=csv`, { headers: ana })
      ).text();
      const records = parseCsv(text);
      expect(records).toHaveLength(1 + 1000 + 1);
      expect(records.at(-1)).toEqual(["# end of export", "1000 rows"]);
    },
    "an export honours before and the filters exactly as the list does": async () => {
      const query = "env=staging&kind=check&person=person1@dashtray.example&limit=300";
      const first = (await (await fetch(`${stack.url}/api/audit?${query}`, { headers: ana })).json()) as {
        entries: { id: number }[];
        next: number;
      };
      const page = (await (
        await fetch(`${stack.url}/api/audit?${query}&before=${first.next}`, { headers: ana })
      ).json()) as { entries: { id: number; actor: string }[] };
      const exported = JSON.parse(
        await (
          await fetch(`${stack.url}/api/audit?${query}&before=${first.next}&format=json`, { headers: ana })
        ).text(),
      ) as { entries: { id: number }[]; complete: boolean };
      expect(exported.complete).toBe(true);
      expect(exported.entries.map((e) => e.id)).toEqual(page.entries.map((e) => e.id));
      expect(page.entries.every((e) => e.actor === "person1@dashtray.example")).toBe(true);
    },
    "a list page past 1,000 rows is a 400 naming limit": async () => {
      const res = await fetch(`${stack.url}/api/audit?limit=1001`, { headers: ana });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('"limit"');
    },
    "an export past 100,000 rows is a 400 naming limit": async () => {
      const res = await fetch(`${stack.url}/api/audit?limit=100001&format=csv`, { headers: ana });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("limit");
    },
    "the Function restarted mid-export: the reader gets an error and a file without its end marker, never a silent cut":
      async () => {
        const res = await fetch(`${stack.url}/api/audit?format=csv`, { headers: ana });
        expect(res.status).toBe(200);
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let text = decoder.decode((await reader.read()).value);
        await stack.stop();
        let failed = false;
        try {
          for (let part = await reader.read(); !part.done; part = await reader.read())
            text += decoder.decode(part.value);
        } catch {
          failed = true;
        }
        // The transfer failed, and what arrived has no end marker: the reader knows the file is not whole.
        expect(failed).toBe(true);
        expect(text).not.toContain("# end of export");
        // Started again on the same history, the same export is whole.
        stack = await startStack({
          port: 0,
          demoPort: 0,
          build: false,
          persistTo,
          bindings: accessBindings(audience, access.jwks),
        });
        const again = await (await fetch(`${stack.url}/api/audit?format=csv`, { headers: ana })).text();
        expect(again).toMatch(/"# end of export","\d+ rows"\r\n$/);
      },
  };

  it.each(BOUNDED_ROWS)("%s", { timeout: 120_000 }, async (name) => {
    await rows[name]();
  });
});
