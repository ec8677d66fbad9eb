import { addCommit, deploy, mergePull } from "./seed.js";
import type { Repo, Store } from "./store.js";

export interface BadDeployScenario {
  /** The last good deployment's commit: where a rollback goes. */
  goodSha: string;
  /** The PR that broke it, and the commit that shipped it. */
  badPull: { number: number; sha: string };
  badDeploymentId: number;
  /** A config change in the window, with no PR. */
  configSha: string;
}

/**
 * A day in the life of a service, ending badly: a good deploy five hours ago, a config change,
 * then a PR that swaps the payment client, deployed to production twelve minutes before the
 * incident. Times are relative to the stand-in's clock.
 */
export function badDeployScenario(store: Store, repo: Repo): BadDeployScenario {
  const now = store.clock().getTime();
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  addCommit(store, repo, {
    message: "Tune retries",
    author: "erin",
    files: ["src/retry.ts"],
    at: ago(30 * 60),
  });
  const good = mergePull(store, repo, {
    title: "Faster product search",
    author: "dave",
    files: ["src/search.ts"],
    at: ago(6 * 60),
  });
  deploy(store, repo, { sha: good.sha, environment: "production", state: "success", at: ago(5 * 60) });
  addCommit(store, repo, {
    message: "Docs: on-call runbook",
    author: "erin",
    files: ["docs/runbook.md"],
    at: ago(3 * 60),
  });
  const configSha = addCommit(store, repo, {
    message: "Lower the payment API timeout to 2s",
    author: "erin",
    files: ["config/payments.yml"],
    at: ago(60),
  });
  const badPull = mergePull(store, repo, {
    title: "Switch to the new payment client",
    author: "mallory",
    files: ["src/payments/client.ts", "package.json"],
    at: ago(20),
  });
  const badDeploymentId = deploy(store, repo, {
    sha: badPull.sha,
    environment: "production",
    state: "success",
    at: ago(12),
  });
  deploy(store, repo, { sha: badPull.sha, environment: "staging", state: "success", at: ago(18) });
  return { goodSha: good.sha, badPull, badDeploymentId, configSha };
}

/** A repository configuration with a rollback workflow, as a team would write it. */
export const ROLLBACK_CONFIG = `# .github/incident-response.yml
mitigations:
  rollback:
    workflow: rollback.yml
    environment: production
    inputs:
      sha: "{{rollback.sha}}"
      environment: "{{environment}}"
      incident: "{{incident.number}}"
`;

/** The team's project board (organization acme's #7) for postmortems and follow-ups. */
export const BOARD_CONFIG = `project:
  owner: acme
  number: 7
  fields:
    Status: Todo
    Severity: "{{severity}}"
`;

/** The rollback, with the team's project board, and its status page. */
export const TEAM_CONFIG = `${ROLLBACK_CONFIG}${BOARD_CONFIG}statusPage:
  title: Acme status
  timezone: Europe/Berlin
  components:
    - name: Checkout
      description: Cart, payment and order confirmation
      repositories: [acme/shop]
    - name: Search
      description: Product search and recommendations
      labels: [search]
    - name: Accounts
      description: Sign-in and profiles
      labels: [accounts]
notify:
  - channel: ops-slack
    events: [declared, severity, status, mitigated, resolved, handoff]
`;

/** The operator's side of TEAM_CONFIG's route: a Slack channel named ops-slack (NOTIFY_CHANNELS). */
export const TEAM_CHANNELS = { "ops-slack": "slack" } as const;
