import { DEFAULT_CONFIG } from "../config/schema.js";
import { labelSpecs } from "../domain/labels.js";
import type { ThreadPort } from "../github/port.js";
import { labelKey } from "./ensure-label.js";
import type { Log } from "./log.js";
import type { Runtime } from "./runtime.js";

/** Repositories whose labels one installation event creates; more are left to GitHub (below). */
export const MAX_REPOSITORIES_PER_EVENT = 30;

export interface InstalledRepository {
  node_id: string;
  full_name: string;
}

/**
 * The app's labels (`incident`, the phases, the default severities), with their colours and
 * descriptions, created once when the app is installed on a repository: one GraphQL request per
 * repository, so that declaring an incident never checks or creates labels. A label that is
 * missing later (deleted, a repository beyond the bound, renamed severities) is created by
 * GitHub when the app adds it by name, in GitHub's default colour.
 */
export async function createAppLabels(
  gh: Pick<ThreadPort, "createLabels">,
  runtime: Pick<Runtime, "labelIds">,
  log: Pick<Log, "info" | "warn">,
  repositories: readonly InstalledRepository[],
): Promise<void> {
  const specs = labelSpecs(DEFAULT_CONFIG.severityLabels);
  const now = repositories.slice(0, MAX_REPOSITORIES_PER_EVENT);
  for (const repo of now) {
    try {
      const created = await gh.createLabels(repo.node_id, specs);
      // Their ids spare this process the look-up at the repository's first phase change.
      const [owner = "", name = ""] = repo.full_name.split("/");
      for (const label of created)
        runtime.labelIds.set(labelKey({ owner, repo: name }, label.name), label.nodeId);
      log.info(`${repo.full_name}: created ${created.length} of the app's ${specs.length} labels`);
    } catch (error) {
      // Not worth failing the installation over: GitHub makes the labels as they are first used.
      log.warn(
        `${repo.full_name}: the app's labels were not created (${error instanceof Error ? error.message : String(error)}); GitHub creates each when it is first used`,
      );
    }
  }
  if (repositories.length > now.length)
    log.info(
      `labels created in the first ${now.length} of ${repositories.length} repositories; in the others GitHub creates each when it is first used, in its default colour`,
    );
}
