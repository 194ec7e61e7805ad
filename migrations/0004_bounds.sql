-- Bounds on everything that grows (issue 22). Applies on top of 0001-0003.

-- Counting a deployment's notes (the notes cap) and paging them by id (its export) without a scan.
CREATE INDEX notes_by_deployment ON notes (deployment_id, id);
-- Retention deletes by time: check results and monitor samples past their keep.
CREATE INDEX check_results_by_time ON check_results (at);
CREATE INDEX monitor_samples_by_time ON monitor_samples (at);

-- Refusals of the rate limits are not written one row each: one row per person and minute (`minute` is
-- the row's minute, `YYYY-MM-DDTHH:MM`, set on those rows only) whose `count` says how many were refused.
ALTER TABLE audit ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN minute TEXT;
CREATE UNIQUE INDEX audit_refused_per_minute ON audit (actor, minute) WHERE minute IS NOT NULL;

-- When each table under retention was last pruned, across isolates: an isolate claims a prune by moving
-- the time forward (one UPDATE), so one prune runs per table and hour whatever the number of isolates.
CREATE TABLE retention_runs (
  name TEXT PRIMARY KEY,
  pruned_at TEXT NOT NULL
);
