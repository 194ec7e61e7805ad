-- The page's Verify all sends one request per smoke check (each its own invocation), every one carrying
-- the press's id. Each check's answer is kept here under that id, so the invocation that brings the
-- last one judges the whole press with the same code as the page and tells the team, as a whole run
-- (`POST /api/verify`) does. Kept two days (retention.ts): a press is judged within seconds or never.
CREATE TABLE verify_press_parts (
  press_id TEXT NOT NULL,
  check_id TEXT NOT NULL,
  environment TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  -- The check's answer as the page received it: { result, samples, criteria } (VerifyPart).
  part TEXT NOT NULL,
  PRIMARY KEY (press_id, check_id)
);

CREATE INDEX verify_press_parts_at ON verify_press_parts (at);
