-- The team's shared history. Times are ISO 8601 UTC strings (they sort as text); identities are the
-- verified Cloudflare Access email or service token name ("local" where Access is off).

-- One deployment of one environment. At most one is in progress per environment (index below), so two
-- engineers starting at once share one record instead of making two.
CREATE TABLE deployments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  environment TEXT NOT NULL,
  target_commit TEXT NOT NULL,
  version TEXT,
  convex_version TEXT,
  started_by TEXT NOT NULL,
  started_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'succeeded', 'rolled_back', 'abandoned')),
  finished_by TEXT,
  finished_at TEXT,
  -- A client's retry of the same start carries the same key and gets the same record back.
  idempotency_key TEXT UNIQUE
);
CREATE UNIQUE INDEX deployments_one_open ON deployments (environment) WHERE status = 'in_progress';
CREATE INDEX deployments_by_environment ON deployments (environment, started_at DESC);

-- Checklist ticks: one row per item (natural key), so two people ticking different items never collide
-- and a repeated tick is the same write.
CREATE TABLE ticks (
  deployment_id INTEGER NOT NULL REFERENCES deployments (id),
  checklist TEXT NOT NULL,
  item TEXT NOT NULL,
  label TEXT NOT NULL,
  ticked INTEGER NOT NULL CHECK (ticked IN (0, 1)),
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  -- Set when a passing check ticked the item rather than a person.
  check_id TEXT,
  PRIMARY KEY (deployment_id, checklist, item)
);

-- Notes are only ever added; the client's key makes a retried note land once.
CREATE TABLE notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  deployment_id INTEGER NOT NULL REFERENCES deployments (id),
  idempotency_key TEXT NOT NULL,
  text TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (deployment_id, idempotency_key)
);

-- Check and verify-all results attached to a deployment (a summary, never a response body).
CREATE TABLE check_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  deployment_id INTEGER NOT NULL REFERENCES deployments (id),
  check_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('check', 'verify-all')),
  status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'error')),
  summary TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (deployment_id, check_id, checked_at)
);

-- Who ran what, where, when, with what outcome: never a secret, a token or a response body.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  environment TEXT,
  kind TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  http_status INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX audit_by_time ON audit (at);
CREATE INDEX audit_by_environment ON audit (environment, at);
CREATE INDEX audit_by_actor ON audit (actor, at);
