import type { Sandbox } from "./context.js";
import { installationShape } from "./routes/app.js";
import type { Repo } from "./store.js";

/**
 * Someone adds a repository to the app's installation on its owner, as in the installation's
 * settings: GitHub sends `installation_repositories` with the repository in `repositories_added`.
 */
export function addToInstallation(sandbox: Sandbox, repo: Repo, by: string): void {
  const { store, shapes } = sandbox;
  const installation = [...store.installations.values()].find((i) => i.account === repo.owner);
  if (!installation) throw new Error(`the app has no installation on ${repo.owner.login}`);
  if (!installation.repositories.includes(repo)) installation.repositories.push(repo);
  const sender = store.user(by);
  sandbox.hooks.send("installation_repositories", {
    action: "added",
    installation: installationShape(sandbox, installation.id),
    repository_selection: "selected",
    repositories_added: [
      {
        id: repo.id,
        node_id: shapes.nodeId("R", repo.id),
        name: repo.name,
        full_name: `${repo.owner.login}/${repo.name}`,
        private: repo.private,
      },
    ],
    repositories_removed: [],
    requester: null,
    sender: shapes.user(sender),
  });
}
