-- A few past deployments of the demo environment, so a newcomer sees a realistic log. Applied by
-- `npm start` and the tests after the migrations; it adds them only while the demo has no history.
-- Times are relative to now, so the log always looks recent.
INSERT INTO deployments (environment, target_commit, version, convex_version, started_by, started_at, status, finished_by, finished_at, idempotency_key)
SELECT 'demo', v.target_commit, v.version, v.convex_version, v.started_by,
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now', v.started), v.status, v.started_by,
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now', v.started, '+40 minutes'), v.key
FROM (
  SELECT 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' AS target_commit, '1.40.0' AS version, 'b71c0e2' AS convex_version,
    'ana@dashtray.example' AS started_by, '-21 days' AS started, 'succeeded' AS status, 'seed-demo-1' AS key
  UNION ALL SELECT 'c3d4e5f60718293a4b5c6d7e8f9012345678a1b2', '1.41.0', 'c02d9aa', 'ben@dashtray.example', '-14 days', 'rolled_back', 'seed-demo-2'
  UNION ALL SELECT 'd4e5f60718293a4b5c6d7e8f9012345678a1b2c3', '1.41.1', 'c02d9aa', 'ben@dashtray.example', '-13 days', 'succeeded', 'seed-demo-3'
  UNION ALL SELECT 'e5f60718293a4b5c6d7e8f9012345678a1b2c3d4', '1.42.0', 'd5e6f70', 'chidi@dashtray.example', '-6 days', 'succeeded', 'seed-demo-4'
) AS v
WHERE NOT EXISTS (SELECT 1 FROM deployments WHERE environment = 'demo');

INSERT OR IGNORE INTO notes (deployment_id, idempotency_key, text, actor, at)
SELECT d.id, 'seed-note-' || d.idempotency_key, n.text, d.started_by, strftime('%Y-%m-%dT%H:%M:%fZ', d.started_at, '+30 minutes')
FROM deployments AS d
JOIN (
  SELECT 'seed-demo-1' AS key, 'Quiet deploy; p95 steady at 180 ms.' AS text
  UNION ALL SELECT 'seed-demo-2', 'Checkout webhooks failed signature checks after the deploy; rolled back to 1.40.0 in Pages and redeployed Convex from b71c0e2.'
  UNION ALL SELECT 'seed-demo-3', 'Fix for the webhook secret name; all smoke tests green.'
  UNION ALL SELECT 'seed-demo-4', 'New billing page behind a flag.'
) AS n ON n.key = d.idempotency_key;

INSERT OR IGNORE INTO check_results (deployment_id, check_id, source, status, summary, checked_at, actor, at)
SELECT d.id, 'app-health', 'verify-all', CASE d.status WHEN 'rolled_back' THEN 'fail' ELSE 'pass' END,
  CASE d.status WHEN 'rolled_back' THEN 'Webhook endpoint answered 401 to a signed event' ELSE 'All assertions passed' END,
  strftime('%Y-%m-%dT%H:%M:%fZ', d.started_at, '+20 minutes'), d.started_by, strftime('%Y-%m-%dT%H:%M:%fZ', d.started_at, '+20 minutes')
FROM deployments AS d
WHERE d.idempotency_key LIKE 'seed-demo-%';
