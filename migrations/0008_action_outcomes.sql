-- Outcomes read back, every press counted once, and the runbook's own notes apart from readers'.
-- Applies on top of 0002. Times are ISO 8601 UTC strings.

-- Actions may end "unknown": the provider's answer was ambiguous and the read-back could not tell.
-- SQLite cannot change a CHECK in place, so the table is copied into one with the wider CHECK.
CREATE TABLE actions_next (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  environment TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('pages-rollback', 'convex-redeploy')),
  request_id TEXT NOT NULL UNIQUE,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  from_id TEXT NOT NULL,
  from_commit TEXT,
  to_id TEXT NOT NULL,
  to_commit TEXT,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'verified', 'verify_failed', 'not_rolled_back', 'unknown', 'interrupted')),
  verification TEXT,
  finished_at TEXT,
  deployment_id INTEGER,
  -- The Convex redeploy's workflow run, once found: where to watch it.
  run_url TEXT
);
INSERT INTO actions_next (id, environment, kind, request_id, actor, at, from_id, from_commit, to_id, to_commit, reason,
  status, verification, finished_at, deployment_id)
  SELECT id, environment, kind, request_id, actor, at, from_id, from_commit, to_id, to_commit, reason, status,
    verification, finished_at, deployment_id FROM actions;
DROP TABLE actions;
ALTER TABLE actions_next RENAME TO actions;
CREATE UNIQUE INDEX actions_one_running ON actions (environment) WHERE status = 'running';
CREATE INDEX actions_by_environment ON actions (environment, at DESC);

-- Every press, the one that ran and each that joined it: a request id is used once, whichever it was.
CREATE TABLE action_presses (
  request_id TEXT PRIMARY KEY,
  -- The action it ran or joined (null when the one it joined had no row yet).
  action_id INTEGER,
  environment TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  joined INTEGER NOT NULL CHECK (joined IN (0, 1))
);
INSERT INTO action_presses (request_id, action_id, environment, actor, at, joined)
  SELECT request_id, id, environment, actor, at, 0 FROM actions;

-- Who wrote a note: a reader through the API, or the runbook itself (an action's outcome). Readers
-- cannot write the runbook's kind, and the runbook's keys use a form reader keys cannot take.
ALTER TABLE notes ADD COLUMN author_kind TEXT NOT NULL DEFAULT 'reader' CHECK (author_kind IN ('reader', 'runbook'));

-- The Pages deployment a record is about, when the runbook knows it: rollbacks find their record by it.
ALTER TABLE deployments ADD COLUMN pages_deployment_id TEXT;
