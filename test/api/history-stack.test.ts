import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { executeLocalSql, type Stack, startStack } from "../../scripts/lib/stack.ts";
import { startStackWithToml, withoutDatabase } from "../../scripts/lib/toml-stack.ts";
import { auditList, deploymentDetail } from "../../src/core/history/schemas.ts";
import { MIGRATIONS } from "../../src/server/history/database.ts";

const persistTo = mkdtempSync(join(tmpdir(), "runbook-restart-"));
let stack: Stack | undefined;
afterAll(async () => {
  await stack?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe("the history across a restart of the stack, and retention", () => {
  it("keeps deployments and notes when the stack stops and starts again on the same state folder, and prunes old audit rows", async () => {
    stack = await startStack({ port: 0, demoPort: 0, build: false, persistTo });
    const started = await post(`${stack.url}/api/deployments?env=staging`, { targetCommit: "feedbeef" });
    expect(started.status).toBe(201);
    const { id } = ((await started.json()) as { deployment: { id: number } }).deployment;
    expect(
      (
        await post(`${stack.url}/api/deployments/${id}/notes`, {
          text: "before the restart",
          idempotencyKey: "restart-1",
        })
      ).status,
    ).toBe(201);
    await stack.stop();
    stack = undefined;

    await executeLocalSql(
      `INSERT INTO audit (at, actor, environment, kind, target, outcome, http_status, duration_ms) VALUES
       ('${daysAgo(200)}', 'old@dashtray.example', 'demo', 'check', 'frontend', 'pass', 200, 12),
       ('${daysAgo(10)}', 'recent@dashtray.example', 'demo', 'check', 'frontend', 'pass', 200, 12);
       INSERT INTO check_results (deployment_id, check_id, source, status, summary, checked_at, actor, at) VALUES
       (${id}, 'frontend', 'check', 'pass', 'kept 400 days', '${daysAgo(400)}', 'old@dashtray.example', '${daysAgo(400)}'),
       (${id}, 'frontend', 'check', 'pass', 'kept 10 days', '${daysAgo(10)}', 'recent@dashtray.example', '${daysAgo(10)}');
       -- As if the hour since the last prune (the writes above claimed one) had passed.
       DELETE FROM retention_runs`,
      persistTo,
    );
    stack = await startStack({
      port: 0,
      demoPort: 0,
      build: false,
      persistTo,
      bindings: { RUNBOOK_AUDIT_RETENTION_DAYS: "30" },
    });
    const detail = deploymentDetail.parse(await (await fetch(`${stack.url}/api/deployments/${id}`)).json());
    expect(detail.deployment).toMatchObject({ targetCommit: "feedbeef", status: "in_progress" });
    expect(detail.notes.map((n) => n.text)).toEqual(["before the restart"]);

    // The first audited run prunes rows past the retention window (claimed for the hour in retention_runs).
    await fetch(`${stack.url}/api/checks/frontend/run?env=demo`, { method: "POST" });
    const actors = async () =>
      auditList
        .parse(await (await fetch(`${stack?.url}/api/audit?env=demo`)).json())
        .entries.map((e) => e.actor)
        .sort();
    await expect.poll(actors).toEqual(["local", "recent@dashtray.example"]);
    // The same write prunes every table under retention: check results after 365 days.
    const summaries = async () =>
      deploymentDetail
        .parse(await (await fetch(`${stack?.url}/api/deployments/${id}`)).json())
        .checks.map((c) => c.summary)
        .filter((s) => s.startsWith("kept"));
    await expect.poll(summaries).toEqual(["kept 10 days"]);
  }, 240_000);
});

describe("without a database", () => {
  it("answers the history routes with history_not_shared, and checks still run", async () => {
    const bare = await startStackWithToml(withoutDatabase, { database: false });
    try {
      for (const path of ["/api/deployments?env=demo", "/api/audit", "/api/deployments/1"]) {
        const res = await fetch(`${bare.url}${path}`);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({
          error: {
            code: "history_not_shared",
            message: expect.stringContaining("no D1 database is bound as RUNBOOK_DB"),
          },
        });
      }
      const run = await fetch(`${bare.url}/api/checks/frontend/run?env=demo`, { method: "POST" });
      expect(run.status).toBe(200);
    } finally {
      await bare.stop();
    }
  }, 60_000);

  it("names the missing migration and the command when the bound database was never migrated", async () => {
    const fresh = mkdtempSync(join(tmpdir(), "runbook-unmigrated-"));
    const unmigrated = await startStackWithToml((toml) => toml, { database: false, persistTo: fresh });
    try {
      const res = await fetch(`${unmigrated.url}/api/deployments?env=demo`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: {
          code: "database_not_migrated",
          // Every migration the server knows (a unit test keeps MIGRATIONS and migrations/ in step).
          message: `the D1 database bound as RUNBOOK_DB lacks migration ${MIGRATIONS.join(", ")}: run \`npx wrangler d1 migrations apply dashtray-runbook --remote\` (locally: \`--local\`, which npm start does)`,
        },
      });
      expect((await fetch(`${unmigrated.url}/api/checks/frontend/run?env=demo`, { method: "POST" })).status).toBe(200);
    } finally {
      await unmigrated.stop();
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);
});
