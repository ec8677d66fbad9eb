import { type HandoffPort, ProjectProblem, statusOf } from "../port.js";
import { type AdapterContext, FORBIDDEN_BOARD, graphqlErrorTypes } from "../rest.js";

/** The handoff role of the GitHub port over Octokit. */
export function handoffRole({ octokit, botLogin }: AdapterContext): HandoffPort {
  return {
    async createIssue(repo, issue) {
      const { data } = await octokit.rest.issues.create({
        owner: repo.owner,
        repo: repo.repo,
        ...issue,
      });
      return { number: data.number, url: data.html_url, nodeId: data.node_id, issueId: data.id };
    },
    async updateIssueBody(issue, body) {
      await octokit.rest.issues.update({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        body,
      });
    },
    async issuesByApp(repo, label, since) {
      const creator = await botLogin();
      const { data } = await octokit.rest.issues.listForRepo({
        owner: repo.owner,
        repo: repo.repo,
        labels: label,
        creator,
        state: "all",
        since,
        per_page: 100,
      });
      return data.map((i) => ({
        number: i.number,
        url: i.html_url,
        nodeId: i.node_id,
        issueId: i.id,
        body: i.body ?? "",
      }));
    },
    async addSubIssue(parent, childIssueId) {
      try {
        await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
          owner: parent.owner,
          repo: parent.repo,
          issue_number: parent.number,
          sub_issue_id: childIssueId,
        });
        return true;
      } catch (error) {
        // Already its sub-issue: done. Not available (older GHES, plan, permission): fall back.
        if (statusOf(error) === 422 && /duplicate|already/i.test(String((error as Error).message)))
          return true;
        if ([403, 404, 410, 422].includes(statusOf(error) ?? 0)) return false;
        throw error;
      }
    },
    async findProject(owner, number) {
      const fields =
        "id url fields(first: 50) { nodes { ... on ProjectV2SingleSelectField { id name options { id name } } ... on ProjectV2Field { id name } } }";
      type Found = {
        projectV2: {
          id: string;
          url: string;
          fields: {
            nodes: Array<{
              id?: string;
              name?: string;
              options?: Array<{ id: string; name: string }>;
            } | null>;
          };
        } | null;
      } | null;
      const asBoard = (p: NonNullable<NonNullable<Found>["projectV2"]>) => ({
        id: p.id,
        url: p.url,
        fields: p.fields.nodes.flatMap((f) =>
          f?.id && f.name ? [{ id: f.id, name: f.name, options: f.options ?? null }] : [],
        ),
      });
      try {
        const data = await octokit.graphql<{ organization: Found }>(
          `query($owner: String!, $number: Int!) { organization(login: $owner) { projectV2(number: $number) { ${fields} } } }`,
          { owner, number },
        );
        if (data.organization?.projectV2) return asBoard(data.organization.projectV2);
      } catch (error) {
        const types = graphqlErrorTypes(error);
        if (types.includes("FORBIDDEN")) throw new ProjectProblem(FORBIDDEN_BOARD);
        if (!types.includes("NOT_FOUND")) throw error;
        // Not an organization, or no such board: a user account's board cannot take items from apps.
        const user = await octokit
          .graphql<{ user: { login: string } | null }>(
            `query($owner: String!) { user(login: $owner) { login } }`,
            { owner },
          )
          .catch(() => null);
        if (user?.user) {
          throw new ProjectProblem(
            `${owner} is a user account: GitHub Apps cannot add items to a user's projects. Use a board owned by an organization.`,
          );
        }
      }
      throw new ProjectProblem(`there is no project #${number} owned by ${owner} that the app can see.`);
    },
    async addProjectItem(projectId, contentNodeId) {
      try {
        const data = await octokit.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(
          `mutation($project: ID!, $content: ID!) { addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } } }`,
          { project: projectId, content: contentNodeId },
        );
        return data.addProjectV2ItemById.item.id;
      } catch (error) {
        if (graphqlErrorTypes(error).includes("FORBIDDEN")) throw new ProjectProblem(FORBIDDEN_BOARD);
        throw error;
      }
    },
    async setProjectOption(projectId, itemId, fieldId, optionId) {
      try {
        await octokit.graphql(
          `mutation($project: ID!, $item: ID!, $field: ID!, $option: String!) { updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $field, value: { singleSelectOptionId: $option } }) { projectV2Item { id } } }`,
          { project: projectId, item: itemId, field: fieldId, option: optionId },
        );
      } catch (error) {
        if (graphqlErrorTypes(error).includes("FORBIDDEN")) throw new ProjectProblem(FORBIDDEN_BOARD);
        throw error;
      }
    },
  };
}
