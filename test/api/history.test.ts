import { afterEach, describe, expect, inject, it } from "vitest";
import { auditList, deploymentDetail, deploymentList } from "../../src/core/history/schemas.ts";

const site = inject("siteUrl");

async function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json: body, ...rest } = init;
  const res = await fetch(`${site}${path}`, {
    ...rest,
    ...(body !== undefined && {
      method: rest.method ?? "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A file export: the text itself.
  }
  return { res, body: parsed as Record<string, unknown> & { error?: { code: string; message: string } }, text };
}

const key = () => crypto.randomUUID();
let open: number | undefined;

/** Starts a deployment of staging (finished again after each test, so each starts fresh). */
async function start(commit = "0123456789abcdef0123456789abcdef01234567") {
  const { res, body } = await call("/api/deployments?env=staging", {
    json: { targetCommit: commit, version: "2.0.0", idempotencyKey: key() },
  });
  expect(res.status).toBe(201);
  open = (body.deployment as { id: number }).id;
  return open;
}

async function detail(id: number) {
  const { res, body } = await call(`/api/deployments/${id}`);
  expect(res.status).toBe(200);
  return deploymentDetail.parse(body);
}

afterEach(async () => {
  if (open !== undefined) await call(`/api/deployments/${open}/status`, { json: { status: "abandoned" } });
  open = undefined;
});

describe("deployments in D1 (real local D1 in workerd)", () => {
  it("lists the demo's seeded history newest first, with notes", async () => {
    const { res, body } = await call("/api/deployments?env=demo");
    expect(res.status).toBe(200);
    const list = deploymentList.parse(body);
    expect(list.deployments.length).toBeGreaterThanOrEqual(4);
    const seeded = list.deployments.filter((d) => d.startedBy.endsWith("@dashtray.example"));
    // The demo Dashtray's own releases (src/demo/history.ts), newest first.
    expect(seeded.map((d) => d.version)).toEqual([
      "2026.11.26-1",
      "2026.11.25-1",
      "2026.11.24-1",
      "2026.11.23-1",
      "2026.11.20-1",
    ]);
    expect(seeded.find((d) => d.version === "2026.11.25-1")).toMatchObject({
      status: "rolled_back",
      notes: [expect.stringContaining("rolled back")],
    });
  });

  it("starts one deployment per environment: a retry gets the same record, a second start a 409", async () => {
    const idempotencyKey = key();
    const first = await call("/api/deployments?env=staging", { json: { targetCommit: "abcdef1", idempotencyKey } });
    expect(first.res.status).toBe(201);
    const deployment = first.body.deployment as { id: number; startedBy: string; status: string };
    open = deployment.id;
    expect(deployment).toMatchObject({ startedBy: "local", status: "in_progress" });
    const retry = await call("/api/deployments?env=staging", { json: { targetCommit: "abcdef1", idempotencyKey } });
    expect(retry.res.status).toBe(200);
    expect((retry.body.deployment as { id: number }).id).toBe(deployment.id);
    const other = await call("/api/deployments?env=staging", { json: { targetCommit: "abcdef2" } });
    expect(other.res.status).toBe(409);
    expect(other.body.error?.code).toBe("deployment_in_progress");
    const list = deploymentList.parse((await call("/api/deployments?env=staging")).body);
    expect(list.current).toBe(deployment.id);
  });

  it("lets exactly one of ten simultaneous starts win", async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call("/api/deployments?env=staging", { json: { targetCommit: `abcdef${i}0`, idempotencyKey: key() } }),
      ),
    );
    const statuses = answers.map((a) => a.res.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const winner = answers.find((a) => a.res.status === 201);
    open = (winner?.body.deployment as { id: number } | undefined)?.id;
  });

  it("keeps every tick and note written at once by several people, and a retried note once", async () => {
    const id = await start();
    const items = Array.from({ length: 15 }, (_, i) => `item-${i}`);
    const notes = Array.from({ length: 15 }, (_, i) => ({ text: `note ${i}`, idempotencyKey: key() }));
    const writes = [
      ...items.map((item) =>
        call(`/api/deployments/${id}/ticks`, { json: { checklist: "monitoring", item, label: item, ticked: true } }),
      ),
      ...notes.map((n) => call(`/api/deployments/${id}/notes`, { json: n })),
      ...notes.map((n) => call(`/api/deployments/${id}/notes`, { json: n })),
    ];
    const answers = await Promise.all(writes);
    expect(answers.filter((a) => a.res.status >= 400)).toEqual([]);
    const after = await detail(id);
    expect(
      after.ticks
        .filter((t) => t.ticked)
        .map((t) => t.item)
        .sort(),
    ).toEqual([...items].sort());
    expect(after.ticks.every((t) => t.by === "local")).toBe(true);
    expect(after.notes.map((n) => n.text).sort()).toEqual(notes.map((n) => n.text).sort());
  });

  it("keeps the first tick's who and when when a tick is repeated, and records an untick", async () => {
    const id = await start();
    const tick = { checklist: "monitoring", item: "error-rate", label: "Error rate", ticked: true };
    const first = await call(`/api/deployments/${id}/ticks`, { json: tick });
    const again = await call(`/api/deployments/${id}/ticks`, { json: tick });
    expect(again.body.tick).toEqual(first.body.tick);
    const off = await call(`/api/deployments/${id}/ticks`, { json: { ...tick, ticked: false } });
    expect(off.body.tick).toMatchObject({ ticked: false });
  });

  it("attaches check results once per run and shows them with the deployment", async () => {
    const id = await start();
    const result = {
      checkId: "app-health",
      source: "check",
      status: "pass",
      summary: "All assertions passed",
      checkedAt: new Date().toISOString(),
    };
    expect((await call(`/api/deployments/${id}/checks`, { json: result })).res.status).toBe(201);
    expect((await call(`/api/deployments/${id}/checks`, { json: result })).res.status).toBe(200);
    expect((await detail(id)).checks).toEqual([{ ...result, by: "local", at: expect.any(String) }]);
  });

  it("shows every check run on the environment while the deployment is in progress, whoever pressed Verify", async () => {
    const started = await call("/api/deployments?env=demo", { json: { targetCommit: "abcdef0" } });
    expect(started.res.status).toBe(201);
    const id = (started.body.deployment as { id: number }).id;
    open = id;
    await call("/api/checks/convex-version/run?env=demo", { method: "POST" });
    await expect
      .poll(async () => (await detail(id)).checks.map((c) => `${c.checkId} ${c.source} ${c.status} ${c.by}`))
      .toEqual(["convex-version check pass local"]);
  });

  it("closes a deployment once: the same status again is fine, another is a 409, and ticks stop", async () => {
    const id = await start();
    const done = await call(`/api/deployments/${id}/status`, { json: { status: "succeeded" } });
    expect(done.res.status).toBe(200);
    expect(done.body.deployment).toMatchObject({ status: "succeeded", finishedBy: "local" });
    expect((await call(`/api/deployments/${id}/status`, { json: { status: "succeeded" } })).res.status).toBe(200);
    const other = await call(`/api/deployments/${id}/status`, { json: { status: "rolled_back" } });
    expect(other.res.status).toBe(409);
    const tick = await call(`/api/deployments/${id}/ticks`, {
      json: { checklist: "monitoring", item: "x", label: "x", ticked: true },
    });
    expect(tick.body.error?.code).toBe("deployment_finished");
    open = undefined;
  });

  it("keeps the answer to 'finish anyway?' with the finish, once", async () => {
    const id = await start();
    const note = "Marked succeeded with no monitor watch during this deployment: watched Grafana instead";
    for (let i = 0; i < 2; i++) {
      const done = await call(`/api/deployments/${id}/status`, { json: { status: "succeeded", note } });
      expect(done.res.status).toBe(200);
    }
    expect((await detail(id)).notes.map((n) => `${n.by}: ${n.text}`)).toEqual([`local: ${note}`]);
    open = undefined;
  });

  it("exports the Version Tracking history as Markdown, CSV and JSON", async () => {
    const md = await call("/api/deployments?env=demo&format=md");
    expect(md.res.headers.get("content-disposition")).toMatch(/attachment; filename="deployments-demo-.*\.md"/);
    expect(md.text).toContain("| Date | Version | Convex version | Deployed by | Status | Notes |");
    // Text is escaped for Markdown: the @ of an address cannot become a mention or a mail link.
    expect(md.text).toMatch(
      /\| 2026\.11\.25-1 \(2f0cebaac127\) \| 2f0ceba \| chidi\\@dashtray\.example \| rolled back \|/,
    );
    expect(md.text.trimEnd().split("\n").at(-1)).toMatch(/^_End of export: \d+ rows\._$/);
    const csv = await call("/api/deployments?env=demo&format=csv");
    expect(csv.text.split("\r\n")[0]).toBe('"Date","Version","Convex version","Deployed by","Status","Notes"');
    expect(csv.text).toMatch(/"# end of export","\d+ rows"\r\n$/);
    const json = await call("/api/deployments?env=demo&format=json");
    expect(
      deploymentList.shape.deployments.parse((json.body as { deployments: unknown }).deployments).length,
    ).toBeGreaterThanOrEqual(4);
  });
});

describe("bad input to the history routes: a clear 4xx and nothing written", () => {
  it.each([
    [
      "a forged identity",
      { text: "hi", idempotencyKey: "abcdefgh1", by: "ceo@dashtray.example" },
      400,
      "identity_in_body",
    ],
    ["an oversized note", { text: "x".repeat(2001), idempotencyKey: "abcdefgh2" }, 400, "invalid_request"],
    ["an empty note", { text: "   ", idempotencyKey: "abcdefgh3" }, 400, "invalid_request"],
    ["SQL in the key", { text: "hi", idempotencyKey: "x'); DROP TABLE notes;--" }, 400, "invalid_request"],
    ["an unknown field", { text: "hi", idempotencyKey: "abcdefgh4", deployment: 1 }, 400, "invalid_request"],
  ])("refuses a note with %s", async (_name, note, status, code) => {
    const id = await start();
    const answer = await call(`/api/deployments/${id}/notes`, { json: note });
    expect(answer.res.status).toBe(status);
    expect(answer.body.error?.code).toBe(code);
    expect((await detail(id)).notes).toEqual([]);
  });

  it("refuses a body over 16 KB with 413", async () => {
    const id = await start();
    const answer = await call(`/api/deployments/${id}/notes`, {
      json: { text: "x".repeat(20_000), idempotencyKey: key() },
    });
    expect(answer.res.status).toBe(413);
    expect((await detail(id)).notes).toEqual([]);
  });

  it("refuses a forged identity when starting a deployment", async () => {
    const answer = await call("/api/deployments?env=staging", {
      json: { targetCommit: "abcdef1", startedBy: "someone" },
    });
    expect(answer.body.error).toMatchObject({
      code: "identity_in_body",
      message: expect.stringContaining("Cloudflare Access"),
    });
    expect(deploymentList.parse((await call("/api/deployments?env=staging")).body).current).toBeNull();
  });

  it.each([
    ["/api/deployments/999999", 404, "unknown_deployment"],
    ["/api/deployments/1%3B%20DROP%20TABLE%20deployments", 400, "invalid_parameter"],
    ["/api/deployments/0", 400, "invalid_parameter"],
    ["/api/deployments?env=nowhere", 404, "unknown_environment"],
    ["/api/deployments?env=demo'%20OR%201=1", 400, "invalid_parameter"],
    ["/api/deployments?env=demo&limit=5000", 400, "invalid_parameter"],
    ["/api/deployments?env=demo&sql=1", 400, "invalid_parameter"],
    ["/api/audit?kind=drop", 400, "invalid_parameter"],
    ["/api/audit?since=yesterday", 400, "invalid_parameter"],
  ])("answers GET %s with %i %s", async (path, status, code) => {
    const answer = await call(path);
    expect(answer.res.status).toBe(status);
    expect(answer.body.error?.code).toBe(code);
  });

  it("stores SQL metacharacters in a note's text as text, and the tables stay", async () => {
    const id = await start();
    const text = "'); DROP TABLE notes; -- \" OR 1=1";
    expect((await call(`/api/deployments/${id}/notes`, { json: { text, idempotencyKey: key() } })).res.status).toBe(
      201,
    );
    expect((await detail(id)).notes.map((n) => n.text)).toEqual([text]);
  });

  it("refuses ticks on an unknown deployment with 404", async () => {
    const answer = await call("/api/deployments/999999/ticks", {
      json: { checklist: "a", item: "b", label: "c", ticked: true },
    });
    expect(answer.res.status).toBe(404);
  });
});

describe("the audit log", () => {
  const audit = async (query: string) => auditList.parse((await call(`/api/audit?${query}`)).body);

  it("records a check run with who, what, where, outcome and duration, and no body", async () => {
    const since = new Date().toISOString();
    await call("/api/checks/app-health/run?env=demo", { method: "POST" });
    await expect
      .poll(async () => (await audit(`env=demo&kind=check&since=${since}`)).entries.length)
      .toBeGreaterThan(0);
    const [entry] = (await audit(`env=demo&kind=check&since=${since}`)).entries;
    expect(entry).toMatchObject({
      actor: "local",
      environment: "demo",
      kind: "check",
      target: "app-health",
      outcome: "pass",
      httpStatus: 200,
    });
    expect(entry?.durationMs).toBeGreaterThanOrEqual(0);
    expect(Object.keys(entry ?? {}).sort()).toEqual([
      "actor",
      "at",
      "durationMs",
      "environment",
      "httpStatus",
      "id",
      "kind",
      "outcome",
      "target",
    ]);
  });

  it("records verify-all with the summary's verdict, and version, rollback, config check and webhook probe runs", async () => {
    const since = new Date().toISOString();
    const verify = await fetch(`${site}/api/verify?env=demo`, { method: "POST" });
    await verify.text();
    await call("/api/version?env=demo");
    await call("/api/rollback?env=demo");
    await call("/api/config-check?env=demo");
    await call("/api/webhooks/probe?env=demo", { method: "POST" });
    await expect
      .poll(async () => new Set((await audit(`env=demo&since=${since}`)).entries.map((e) => e.kind)))
      .toEqual(new Set(["verify-all", "version", "rollback", "config-check", "webhook-probe"]));
    // The log of actions: the reads pages make by themselves stay out unless asked for.
    expect(new Set((await audit(`env=demo&since=${since}&reads=exclude`)).entries.map((e) => e.kind))).toEqual(
      new Set(["verify-all", "webhook-probe"]),
    );
    expect((await audit(`kind=version&since=${since}&reads=exclude`)).entries.length).toBeGreaterThan(0);
    const [run] = (await audit(`kind=verify-all&since=${since}`)).entries;
    expect(["pass", "warn", "fail"]).toContain(run?.outcome);
  });

  it("records verify-all's one-check invocations with their check and its verdict", async () => {
    const since = new Date().toISOString();
    await call("/api/verify/checks/api-plans?env=demo", { method: "POST" });
    await expect.poll(async () => (await audit(`kind=verify-all&since=${since}`)).entries.length).toBe(1);
    const [run] = (await audit(`kind=verify-all&since=${since}`)).entries;
    expect(run).toMatchObject({ kind: "verify-all", target: "api-plans", environment: "demo", httpStatus: 200 });
    expect(["pass", "warn", "fail"]).toContain(run?.outcome);
  });

  it("filters by person and time range and pages with before", async () => {
    const since = new Date().toISOString();
    for (let i = 0; i < 3; i++) await call("/api/checks/frontend/run?env=demo", { method: "POST" });
    await expect.poll(async () => (await audit(`since=${since}&kind=check`)).entries.length).toBe(3);
    expect((await audit(`since=${since}&person=someone-else`)).entries).toEqual([]);
    // Part of a name, any case, finds the person.
    expect((await audit(`since=${since}&person=LOC&kind=check`)).entries).toHaveLength(3);
    expect((await audit(`until=${since}&kind=check&limit=1000`)).entries.every((e) => e.at < since)).toBe(true);
    const first = await audit(`since=${since}&kind=check&limit=2`);
    expect(first.entries).toHaveLength(2);
    const rest = await audit(`since=${since}&kind=check&limit=2&before=${first.next}`);
    expect(rest.entries).toHaveLength(1);
  });

  it("exports as CSV and JSON", async () => {
    const since = new Date().toISOString();
    await call("/api/checks/frontend/run?env=demo", { method: "POST" });
    await expect.poll(async () => (await audit(`since=${since}&kind=check`)).entries.length).toBe(1);
    const csv = await call(`/api/audit?since=${since}&kind=check&format=csv`);
    // The file is named after its filters; "all" only when nothing is filtered.
    expect(csv.res.headers.get("content-disposition")).toMatch(
      /attachment; filename="audit-check-from-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"/,
    );
    const all = await call("/api/audit?format=json&limit=1");
    expect(all.res.headers.get("content-disposition")).toMatch(/filename="audit-all-\d{4}-\d\d-\d\d\.json"/);
    const named = await call("/api/audit?env=demo&person=Ana%40dashtray.example&kind=rollback-action&format=csv");
    expect(named.res.headers.get("content-disposition")).toMatch(
      /filename="audit-demo-ana-rollback-action-[\d-]+\.csv"/,
    );
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe(
      '"Time","Who","Environment","Kind","Target","Outcome","HTTP status","Duration (ms)","Detail","Count"',
    );
    expect(lines[1]).toMatch(/^"[^"]+","local","demo","check","frontend","pass","200","\d+","","1"$/);
    expect(lines[2]).toBe('"# end of export","1 rows"');
    const json = await call(`/api/audit?since=${since}&kind=check&format=json`);
    expect(json.body).toMatchObject({ complete: true, count: 1 });
    expect(auditList.shape.entries.parse((json.body as { entries: unknown }).entries)).toHaveLength(1);
  });
});
