-- Actions the runbook performed: the guarded Pages rollback and the Convex redeploy from the Rollback pages. Applies on
-- top of 0001 alone. Times are ISO 8601 UTC strings; identities are the verified Access identity
-- ("local" where Access is off). Never a token or a response body.

-- One row per pressed action: who, when, from, to, why, how it ended and what the verification said.
CREATE TABLE actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  environment TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('pages-rollback', 'convex-redeploy')),
  -- The page's one-time request id: a replayed request is refused, never performed twice.
  request_id TEXT NOT NULL UNIQUE,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  from_id TEXT NOT NULL,
  from_commit TEXT,
  to_id TEXT NOT NULL,
  to_commit TEXT,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'verified', 'verify_failed', 'not_rolled_back', 'interrupted')),
  -- One sentence: what the smoke suite and the version check said afterwards.
  verification TEXT,
  finished_at TEXT,
  -- The deployment record the action was noted on, if any.
  deployment_id INTEGER
);
-- At most one action runs per environment: a second press elsewhere is told who is rolling back.
CREATE UNIQUE INDEX actions_one_running ON actions (environment) WHERE status = 'running';
CREATE INDEX actions_by_environment ON actions (environment, at DESC);

-- The audit row of an action says why and what happened (from, to, reason, result), not only that it ran.
ALTER TABLE audit ADD COLUMN detail TEXT;
