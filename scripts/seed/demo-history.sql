-- The demo's past production deployments, so a newcomer sees a realistic log. Applied by `npm start` and
-- the tests after the migrations; it adds them only while the demo has no history. The commits, versions
-- and times are the demo Dashtray's own (src/demo/history.ts: its GitHub commits and Pages deployments),
-- so a SHA in the log is the one the version panel, the rollback links and the stand-in dashboards show.
-- Like the demo's own history (src/demo/clock.ts), the recorded times move forward by whole days, so the
-- newest deployment was made between 1 and 25 hours ago: the days from 2026-11-26T10:01:12Z to now.
INSERT INTO deployments (environment, target_commit, version, convex_version, started_by, started_at, status, finished_by, finished_at, idempotency_key)
SELECT 'demo', v.target_commit, v.version, v.convex_version, v.started_by, v.moved, v.status, v.started_by,
  strftime('%Y-%m-%dT%H:%M:%fZ', v.moved, '+40 minutes'), v.key
FROM (SELECT *, strftime('%Y-%m-%dT%H:%M:%fZ', started_at,
    '+' || MAX(0, CAST(julianday('now') - julianday('2026-11-26T10:01:12Z') AS INTEGER)) || ' days') AS moved
  FROM (
  SELECT 'd5b69059df57abd88343d71d07f8f9e538c237f0' AS target_commit, '2026.11.20-1' AS version, 'd5b6905' AS convex_version,
    'ana@dashtray.example' AS started_by, '2026-11-20T11:05:30.000Z' AS started_at, 'succeeded' AS status, 'seed-demo-1' AS key
  UNION ALL SELECT '3908a0ed9870a7416f33f13465a17209c3b61acb', '2026.11.23-1', '3908a0e', 'ben@dashtray.example', '2026-11-23T15:02:30.000Z', 'succeeded', 'seed-demo-2'
  UNION ALL SELECT '29cb07959f28a797ccea7f1f91301aebdb910fe7', '2026.11.24-1', '29cb079', 'ben@dashtray.example', '2026-11-24T10:48:30.000Z', 'succeeded', 'seed-demo-3'
  UNION ALL SELECT '2f0cebaac12792355e7914251a3e462b66116677', '2026.11.25-1', '2f0ceba', 'chidi@dashtray.example', '2026-11-25T09:31:30.000Z', 'rolled_back', 'seed-demo-4'
  UNION ALL SELECT '0559c70afe5688dad05ab9385da715d02493f9a1', '2026.11.26-1', '0559c70', 'chidi@dashtray.example', '2026-11-26T08:55:30.000Z', 'succeeded', 'seed-demo-5'
  )) AS v
WHERE NOT EXISTS (SELECT 1 FROM deployments WHERE environment = 'demo');

INSERT OR IGNORE INTO notes (deployment_id, idempotency_key, text, actor, at)
SELECT d.id, 'seed-note-' || d.idempotency_key, n.text, d.started_by, strftime('%Y-%m-%dT%H:%M:%fZ', d.started_at, '+30 minutes')
FROM deployments AS d
JOIN (
  SELECT 'seed-demo-1' AS key, 'Quiet deploy; p95 steady at 180 ms.' AS text
  UNION ALL SELECT 'seed-demo-2', 'Webhook retries with backoff; all smoke tests green.'
  UNION ALL SELECT 'seed-demo-3', 'Renewal date on the billing page; all smoke tests green.'
  UNION ALL SELECT 'seed-demo-4', 'Convex deployed 2f0ceba, then the Pages build failed, so the old frontend met the new backend and /api/plans answered 500; redeployed Convex from 29cb079, so both serve 2026.11.24-1 again (rolled back).'
  UNION ALL SELECT 'seed-demo-5', 'Price rounding fix with the Convex client upgrade; all smoke tests green.'
) AS n ON n.key = d.idempotency_key;

INSERT OR IGNORE INTO check_results (deployment_id, check_id, source, status, summary, checked_at, actor, at)
SELECT d.id, CASE d.status WHEN 'rolled_back' THEN 'api-plans' ELSE 'app-health' END, 'verify-all', CASE d.status WHEN 'rolled_back' THEN 'fail' ELSE 'pass' END,
  CASE d.status WHEN 'rolled_back' THEN '/api/plans answered 500: the 2026.11.24-1 frontend against the 2f0ceba backend' ELSE 'All assertions passed' END,
  strftime('%Y-%m-%dT%H:%M:%fZ', d.started_at, '+20 minutes'), d.started_by, strftime('%Y-%m-%dT%H:%M:%fZ', d.started_at, '+20 minutes')
FROM deployments AS d
WHERE d.idempotency_key LIKE 'seed-demo-%';
