/**
 * @module
 * Request validation in one place: the ids and text the API accepts, the zod-issue-to-400 mapping,
 * bodies, and Hono's `validator` with the runbook's rules.
 */
export { limitBody, MAX_JSON_BODY_BYTES, readJson, refuseBody } from "./body.ts";
export { invalidInput, type Place, parseInput } from "./issues.ts";
export {
  checkId,
  checkPath,
  clientKey,
  commitSha,
  deploymentNumber,
  environmentId,
  ID_PATTERN,
  locale,
  positive,
  slug,
  text,
  timeZone,
} from "./schemas.ts";
export { hiddenCharacter, type Lines } from "./text.ts";
export { type JsonOptions, readEnvironmentQuery, readQuery, validJson, validParam, validQuery } from "./validate.ts";
