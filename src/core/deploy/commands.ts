/**
 * @module
 * The exact commands of each rollback, with real IDs and SHAs filled in. Tokens appear only as the
 * shell variable `$CLOUDFLARE_API_TOKEN`, never as a value.
 */
import type { Environment } from "../config/environment.ts";
import type { Command } from "./schemas.ts";

/** Quotes a value for a POSIX shell unless it is plainly safe (URLs, SHAs and IDs usually are). */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The Cloudflare API call that makes a deployment the served one (Pages: Edit permission). */
export function pagesRollbackCommand(cloudflare: NonNullable<Environment["cloudflare"]>, deploymentId: string): string {
  const url = `${cloudflare.apiBase.replace(/\/+$/, "")}/accounts/${cloudflare.accountId}/pages/projects/${cloudflare.pagesProject}/deployments/${deploymentId}/rollback`;
  return `curl -fsS -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \\\n  ${shellQuote(url)}`;
}

/** The folder the Convex redeploy checks the good commit out into, beside the reader's own checkout. */
export const CONVEX_ROLLBACK_WORKTREE = "../dashtray-rollback";

/**
 * Convex has no code rollback: redeploy the good commit. It is checked out in a worktree of its own, as
 * the Rollback Convex page says, so the reader's checkout (and any work in it) stays as it is.
 * `npx convex deploy` targets production unless a deploy key says otherwise.
 */
export function convexRedeployCommands(sha: string, versionUrl: string | undefined): Command[] {
  const commands: Command[] = [
    {
      label:
        "Redeploy the good commit from a clean worktree (npx convex deploy deploys to production by default, or to the deployment of CONVEX_DEPLOY_KEY)",
      command: `git fetch origin && git worktree add ${CONVEX_ROLLBACK_WORKTREE} ${shellQuote(sha)} && cd ${CONVEX_ROLLBACK_WORKTREE} && npm ci && npx convex deploy`,
    },
  ];
  if (versionUrl)
    commands.push({
      label: "Confirm the backend now reports that commit",
      command: `curl -fsS ${shellQuote(versionUrl)}`,
    });
  return commands;
}

/**
 * Reverts good..bad on the production branch. With merge commits in the range, reverting each
 * first-parent commit with `-m 1` keeps the branch's side of every merge; a plain range revert
 * would stop at the first merge.
 */
export function gitRevertCommands(
  good: string,
  bad: string,
  branch: string,
  mergeCommits: boolean | null,
  unknownCommits = false,
): Command[] {
  const range = `${shellQuote(good)}..${shellQuote(bad)}`;
  const start: Command = {
    label: `Start from an up-to-date ${branch}`,
    command: `git switch ${shellQuote(branch)} && git pull --ff-only`,
  };
  // GitHub did not know one of the commits: nothing below works unless both are in the clone.
  const exists: Command[] = unknownCommits
    ? [
        {
          label: "First check that both commits exist in your clone (an error names the missing one: stop there)",
          command: `git fetch origin && git cat-file -e ${shellQuote(`${good}^{commit}`)} && git cat-file -e ${shellQuote(`${bad}^{commit}`)}`,
        },
      ]
    : [];
  const plain: Command = {
    label: "Revert the bad range, newest first, one revert commit each",
    command: `git revert --no-edit ${range}`,
  };
  const merges: Command = {
    label: "The range has merge commits: revert the branch's own line, keeping its side of each merge (-m 1)",
    command: `git revert --no-edit -m 1 $(git rev-list --first-parent ${range})`,
  };
  const check: Command = {
    label: "Check nothing of the range is left (empty output if the branch had nothing newer)",
    command: `git diff --stat ${shellQuote(good)} HEAD`,
  };
  if (mergeCommits === true) return [...exists, start, merges, check];
  if (mergeCommits === false) return [...exists, start, plain, check];
  return [
    ...exists,
    start,
    plain,
    { ...merges, label: `If that stops with "is a merge but no -m option was given": ${merges.label}` },
    check,
  ];
}
