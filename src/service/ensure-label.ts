import type { LabelSpec, RepoRef, ThreadPort } from "../github/port.js";
import type { Runtime } from "./runtime.js";

/**
 * Creates a label the repository may not have yet: once per repository and label while this
 * process remembers it (an hour), since GitHub answers "exists already" at the same price.
 */
export async function ensureLabel(
  gh: Pick<ThreadPort, "createLabel">,
  runtime: Pick<Runtime, "labels">,
  repo: RepoRef,
  spec: LabelSpec,
): Promise<void> {
  const key = `${repo.owner}/${repo.repo}:${spec.name}`.toLowerCase();
  if (runtime.labels.get(key)) return;
  await gh.createLabel(repo, spec);
  runtime.labels.set(key, true);
}
