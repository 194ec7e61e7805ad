/**
 * @module
 * Small guards for the history answers (the zod schemas in `src/core/history/schemas.ts` are the
 * contract; `test/unit/history-shapes.test.ts` holds these guards to them).
 */
import type { DeploymentDetail, DeploymentList, DeploymentSummary } from "../../core/history/schemas.ts";
import { arrayOf, type Fields, isObject, isString, shape } from "./shape-kit.ts";

export const isInt = (v: unknown): v is number => Number.isInteger(v);
const isNullableString = (v: unknown) => v === null || isString(v);

const isDeployment = (v: unknown): v is DeploymentSummary =>
  isObject(v) &&
  isInt(v.id) &&
  isString(v.environment) &&
  isString(v.targetCommit) &&
  isNullableString(v.version) &&
  isNullableString(v.convexVersion) &&
  isString(v.startedBy) &&
  isString(v.startedAt) &&
  ["in_progress", "succeeded", "rolled_back", "abandoned"].includes(v.status as string) &&
  arrayOf(isString)(v.notes);

const isTick = (v: unknown) =>
  isObject(v) &&
  isString(v.checklist) &&
  isString(v.item) &&
  typeof v.ticked === "boolean" &&
  isString(v.by) &&
  isString(v.at);
const isNote = (v: unknown) => isObject(v) && isInt(v.id) && isString(v.text) && isString(v.by) && isString(v.at);
const isCheck = (v: unknown) =>
  isObject(v) && isString(v.checkId) && isString(v.status) && isString(v.checkedAt) && isString(v.by);
export const deploymentList = shape<DeploymentList>(
  (v) => isString(v.environment) && (v.current === null || isInt(v.current)) && arrayOf(isDeployment)(v.deployments),
);
export const deploymentDetail = shape<DeploymentDetail>(
  (v) =>
    isDeployment(v.deployment) && arrayOf(isTick)(v.ticks) && arrayOf(isNote)(v.notes) && arrayOf(isCheck)(v.checks),
);
export const deploymentAnswer = shape<{ deployment: DeploymentSummary }>((v) => isDeployment(v.deployment));
export const anything = shape<Fields>(() => true);
