-- The post-deploy watch's verdict and what the watch Worker did about it, and the intervals it could
-- not sample, with why. Stands on 0003.

-- "rollback-recommended" once failureLimit samples in a row breached (set once: the automatic rollback
-- keys on that), when, the reason quoted on the Rollback page, and the automatic rollback's outcome.
ALTER TABLE monitor_watches ADD COLUMN verdict TEXT CHECK (verdict IN ('rollback-recommended'));
ALTER TABLE monitor_watches ADD COLUMN verdict_at TEXT;
ALTER TABLE monitor_watches ADD COLUMN verdict_reason TEXT;
ALTER TABLE monitor_watches ADD COLUMN auto_rollback TEXT;

-- An interval the watch's clock reached but could not sample (its sampling failed), with the reason
-- the chart shows. Slots with neither a sample nor a gap were not reached (no sampler ran).
CREATE TABLE monitor_gaps (
  environment TEXT NOT NULL,
  watch_id INTEGER NOT NULL REFERENCES monitor_watches (id),
  slot INTEGER NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (environment, watch_id, slot)
);
