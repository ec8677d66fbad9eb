import { DEFAULT_CONFIG } from "../../config/schema.js";
import { type SearchPort, type SeenAt } from "../port.js";
import { type AdapterContext, toOpenIssue } from "../rest.js";

/** The app's own postmortems carry the severity label too: not incidents to declare. */
const POSTMORTEM_LABEL = DEFAULT_CONFIG.handoff.labels.postmortem;

/** A search hit names its repository only by API URL. */
function fromSearch(i: Parameters<typeof toOpenIssue>[1] & { repository_url: string }) {
  const [owner = "", repo = ""] = i.repository_url.split("/").slice(-2);
  return toOpenIssue({ owner, repo }, i);
}

/** The search role of the GitHub port over Octokit. */
export function searchRole({ octokit }: AdapterContext): SearchPort {
  return {
    async openIncidents(repo) {
      const { data } = await octokit.rest.issues.listForRepo({
        owner: repo.owner,
        repo: repo.repo,
        labels: "incident",
        state: "open",
        per_page: 100,
      });
      return data.filter((i) => !i.pull_request).map((i) => toOpenIssue(repo, i));
    },
    async searchOpenIncidents(owner) {
      const { data } = await octokit.rest.search.issuesAndPullRequests({
        q: `is:open is:issue label:incident user:${owner}`,
        per_page: 100,
      });
      return data.items.map(fromSearch);
    },
    async undeclaredSince(since, labels) {
      // `label:a,b` is either label; a name with a space or comma is quoted.
      const names = labels.map((l) => (/[\s,"]/.test(l) ? `"${l.replace(/"/g, "")}"` : l)).join(",");
      const { data } = await octokit.rest.search.issuesAndPullRequests({
        q: `is:issue is:open label:${names} -label:incident -label:${POSTMORTEM_LABEL} updated:>=${since}`,
        sort: "updated",
        per_page: 100,
      });
      return data.items.map(fromSearch);
    },
    async incidentsUpdatedSince(since) {
      const issues: Array<
        ReturnType<typeof toOpenIssue> & {
          updatedAt: string;
          open: boolean;
          closedAt: string | null;
          seen: SeenAt;
        }
      > = [];
      let serverTime: string | null = null;
      for await (const response of octokit.paginate.iterator(octokit.rest.search.issuesAndPullRequests, {
        q: `is:issue label:incident updated:>=${since}`,
        sort: "updated",
        per_page: 100,
      })) {
        serverTime ??= response.headers.date ? new Date(response.headers.date).toISOString() : null;
        for (const i of response.data) {
          // updated_at has whole seconds; the comment count tells two changes in one second apart.
          issues.push({
            ...fromSearch(i),
            updatedAt: `${i.updated_at}|${i.comments}`,
            seen: { updatedAt: i.updated_at, comments: i.comments },
            open: i.state === "open",
            closedAt: i.closed_at ?? null,
          });
        }
        // GitHub's search stops at 1,000 results.
        if (issues.length >= 1_000) break;
      }
      return { issues, serverTime };
    },
  };
}
