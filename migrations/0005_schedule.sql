-- Checks between deploys (the watch Worker's schedule): one row per scheduled run of a check, and the
-- incidents they open. Stands on 0001 alone.

-- One run per environment, check and schedule slot (the scheduled time divided by the interval): the
-- unique key is the claim, so two invocations of one slot run the check once. 'pending' until it ran.
CREATE TABLE scheduled_runs (
  environment TEXT NOT NULL,
  check_id TEXT NOT NULL,
  slot INTEGER NOT NULL,
  at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  status TEXT CHECK (status IN ('pass', 'warn', 'fail', 'error')),
  latency_ms INTEGER,
  http_status INTEGER,
  -- The check's own summary of a failed run (never a response body).
  error TEXT,
  PRIMARY KEY (environment, check_id, slot)
);
CREATE INDEX scheduled_runs_by_time ON scheduled_runs (environment, check_id, at);
-- Retention prunes by time across checks.
CREATE INDEX scheduled_runs_by_age ON scheduled_runs (at);

-- An incident of one check: opened after openAfter failed runs in a row, resolved after resolveAfter
-- passing runs. At most one open per environment and check.
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  environment TEXT NOT NULL,
  check_id TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  resolved_at TEXT,
  failures INTEGER NOT NULL,
  last_error TEXT
);
CREATE UNIQUE INDEX incidents_one_open ON incidents (environment, check_id) WHERE resolved_at IS NULL;
CREATE INDEX incidents_by_environment ON incidents (environment, id DESC);
