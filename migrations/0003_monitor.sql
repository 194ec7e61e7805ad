-- The step-6 monitor: watches of an environment and one sample per interval slot. Stands on 0001 alone
-- (deployment ids are kept as plain numbers, so it applies with or without other migrations after 0001).

-- One watch: an environment, an interval and a window. At most one runs per environment (`running` is
-- set to 0 once its window is over), so everyone watching the environment shares it.
CREATE TABLE monitor_watches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  environment TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  interval_ms INTEGER NOT NULL CHECK (interval_ms > 0),
  window_ms INTEGER NOT NULL CHECK (window_ms > 0),
  p95_ms INTEGER NOT NULL,
  max_error_rate REAL NOT NULL,
  started_by TEXT NOT NULL,
  -- The deployment in progress when the watch started, if any: its record includes the series.
  deployment_id INTEGER,
  running INTEGER NOT NULL DEFAULT 1 CHECK (running IN (0, 1))
);
CREATE UNIQUE INDEX monitor_one_running ON monitor_watches (environment) WHERE running = 1;
CREATE INDEX monitor_by_environment ON monitor_watches (environment, id DESC);
CREATE INDEX monitor_by_deployment ON monitor_watches (deployment_id);

-- One sample per watch and slot: the unique key is the claim, so two isolates never both sample a slot.
-- A claimed slot is 'pending' until its sampling ends; figures are the summary, never a response body.
CREATE TABLE monitor_samples (
  environment TEXT NOT NULL,
  watch_id INTEGER NOT NULL REFERENCES monitor_watches (id),
  slot INTEGER NOT NULL,
  at TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  status TEXT CHECK (status IN ('pass', 'warn', 'fail')),
  p95_ms INTEGER,
  error_rate REAL,
  requests INTEGER,
  breached TEXT,
  checks TEXT,
  PRIMARY KEY (environment, watch_id, slot)
);
