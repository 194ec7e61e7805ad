-- The notification outbox: events are written in the same D1 batch as the record they tell about, and
-- the companion Worker delivers them to their channels. Stands on 0001 alone. Times are ISO 8601 UTC.
-- Never a channel URL, key or secret: those stay in bindings named by the config.

-- One event: its documented JSON payload as delivered. `routed` is 0 until its deliveries are written
-- (routing reads the config, so it happens where the config is: the delivery job).
CREATE TABLE notification_events (
  id TEXT PRIMARY KEY,
  environment TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  -- The alert a trigger opens and its resolve closes (PagerDuty's dedup_key); NULL for changes.
  alert_key TEXT,
  alert_action TEXT CHECK (alert_action IN ('trigger', 'resolve')),
  payload TEXT NOT NULL,
  routed INTEGER NOT NULL DEFAULT 0 CHECK (routed IN (0, 1))
);
CREATE INDEX notification_events_unrouted ON notification_events (at) WHERE routed = 0;
CREATE INDEX notification_events_by_environment ON notification_events (environment, at DESC);
CREATE INDEX notification_events_by_alert ON notification_events (alert_key, at DESC) WHERE alert_key IS NOT NULL;

-- One delivery per event and channel (the key is the dedupe): claimed by one invocation at a time,
-- retried with backoff, and kept with the channel's (scrubbed) answer when it could not be delivered.
CREATE TABLE notification_deliveries (
  event_id TEXT NOT NULL REFERENCES notification_events (id),
  channel TEXT NOT NULL,
  environment TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'delivered', 'undelivered', 'suppressed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at TEXT NOT NULL,
  -- The invocation sending it now, and until when its claim holds (then another may take it over).
  claim TEXT,
  claimed_until TEXT,
  last_status INTEGER,
  last_answer TEXT,
  delivered_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, channel)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (state, next_at);
CREATE INDEX notification_deliveries_by_environment ON notification_deliveries (environment, updated_at DESC);

-- Deployments planned ahead: announced deployWindow.announceHours before, and again when they start.
CREATE TABLE planned_deployments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  environment TEXT NOT NULL,
  planned_for TEXT NOT NULL,
  what TEXT NOT NULL,
  planned_by TEXT NOT NULL,
  at TEXT NOT NULL,
  -- What the deployment window said of the planned time (best, ok, avoid and why).
  window_verdict TEXT NOT NULL,
  announced_at TEXT,
  start_announced_at TEXT,
  cancelled_at TEXT,
  idempotency_key TEXT UNIQUE
);
CREATE INDEX planned_deployments_due ON planned_deployments (planned_for) WHERE start_announced_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX planned_deployments_by_environment ON planned_deployments (environment, planned_for DESC);
