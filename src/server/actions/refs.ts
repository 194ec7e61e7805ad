/**
 * @module
 * How the actions name what they act on: a Pages deployment or a commit as a `DeploymentRef`, and in
 * sentences.
 */
import { shortSha } from "../../core/deploy/commits.ts";
import type { DeploymentRecord } from "../../core/deploy/rollback.ts";
import type { DeploymentRef } from "../../core/deploy/rollback-action.ts";

export const ref = (d: Pick<DeploymentRecord, "id" | "shortId" | "commit" | "createdOn">): DeploymentRef => ({
  id: d.id,
  shortId: d.shortId,
  ...(d.commit && { commit: d.commit }),
  createdOn: d.createdOn,
});

/** A commit as the actions name it (a commit has no creation time here). */
export const commitRef = (sha: string): DeploymentRef => ({
  id: sha,
  shortId: shortSha(sha),
  commit: sha,
  createdOn: "",
});

/** "3b3ecbb2 (commit 0559c70)", or the short id alone when the id is the commit. */
export const named = (d: DeploymentRef) =>
  `${d.shortId}${d.commit && d.commit !== d.id ? ` (commit ${shortSha(d.commit)})` : ""}`;

/**
 * A provider's unclear answer inside a sentence: "the Cloudflare API failed with HTTP 502", without the
 * read panels' advice to try again (a write is read back, never retried) or the URL asked.
 */
export function oddAnswer(message: string): string {
  const said = message
    .replace(/: a problem on its side; try again in a minute\.?/, "")
    .replace(/ \(https?:\/\/[^)\s]*\)/, "")
    .replace(/\.$/, "");
  return said.charAt(0).toLowerCase() + said.slice(1);
}
