import type { LabelSpec, RepoRef, ThreadPort } from "../github/port.js";
import type { Runtime } from "./runtime.js";

/**
 * Creates a label the repository may not have yet: once per repository and label while this
 * process remembers it (an hour), since GitHub answers "exists already" at the same price.
 */
export async function ensureLabel(
  gh: Pick<ThreadPort, "createLabel">,
  runtime: Pick<Runtime, "labels" | "labelIds">,
  repo: RepoRef,
  spec: LabelSpec,
): Promise<void> {
  const key = labelKey(repo, spec.name);
  if (runtime.labels.get(key)) return;
  const nodeId = await gh.createLabel(repo, spec);
  runtime.labels.set(key, true);
  if (nodeId) runtime.labelIds.set(key, nodeId);
}

/** The cache key of a repository's label, for `Runtime.labels` and `Runtime.labelIds`. */
export function labelKey(repo: RepoRef, name: string): string {
  return `${repo.owner}/${repo.repo}:${name}`.toLowerCase();
}
