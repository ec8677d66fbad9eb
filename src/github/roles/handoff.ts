import { type CreatedIssue, type HandoffPort, type IssueLabel, ProjectProblem } from "../port.js";
import { Mutation, send } from "../mutation.js";
import { addFinish, finishOutcome, finishPart } from "./finish.js";
import { type AdapterContext, FORBIDDEN_BOARD, graphqlErrorType, graphqlErrorTypes } from "../rest.js";

/** The handoff role of the GitHub port over Octokit. */
export function handoffRole({ octokit, botLogin }: AdapterContext): HandoffPort {
  return {
    async createIssue(repo, issue) {
      const { data } = await octokit.rest.issues.create({
        owner: repo.owner,
        repo: repo.repo,
        ...issue,
      });
      return {
        number: data.number,
        url: data.html_url,
        nodeId: data.node_id,
        issueId: data.id,
        labels: labelsOf(data.labels),
      };
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
      const found: Array<CreatedIssue & { body: string; labels: IssueLabel[] }> = [];
      // Newest first: the issues opened since `since` come before any older one touched since.
      for (let page = 1; ; page++) {
        const { data } = await octokit.rest.issues.listForRepo({
          owner: repo.owner,
          repo: repo.repo,
          ...(label === null ? {} : { labels: label }),
          creator,
          state: "all",
          since,
          per_page: 100,
          page,
        });
        for (const i of data) {
          found.push({
            number: i.number,
            url: i.html_url,
            nodeId: i.node_id,
            issueId: i.id,
            body: i.body ?? "",
            labels: labelsOf(i.labels),
          });
        }
        const oldest = data.at(-1);
        if (data.length < 100 || !oldest || Date.parse(oldest.created_at) < Date.parse(since)) return found;
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
    async linkAndAdd({ parent, children, projectId, contents, learn, paint }) {
      const linked = children.map(() => false);
      const itemIds: Array<string | null> = contents.map(() => null);
      let boardProblem: string | null = null;
      let learnt: string | null = null;
      const run = async (withLinks: boolean, withPaint: boolean) => {
        const doc = new Mutation();
        const links = withLinks && parent !== null ? children : [];
        if (links.length > 0) {
          const parentVar = doc.variable("ID!", parent);
          const learnVar = learn ? doc.variable("Int!", learn.number) : null;
          links.forEach((child, i) => {
            // The first answer also names the incident (the same repository), to close it next.
            const also =
              i === 0 && learnVar ? ` issue { repository { issue(number: ${learnVar}) { id } } }` : "";
            doc.field(
              `s${i}`,
              `addSubIssue(input: { issueId: ${parentVar}, subIssueId: ${doc.variable("ID!", child)} }) { subIssue { id }${also} }`,
            );
          });
        }
        if (projectId !== null && contents.length > 0) {
          const project = doc.variable("ID!", projectId);
          contents.forEach((content, i) =>
            doc.field(
              `i${i}`,
              `addProjectV2ItemById(input: { projectId: ${project}, contentId: ${doc.variable("ID!", content)} }) { item { id } }`,
            ),
          );
        }
        // Last, and answered or not: a label's color is not worth failing the handoff for.
        (withPaint ? paint : []).forEach(({ nodeId, color, description }, i) =>
          doc.field(
            `l${i}`,
            `updateLabel(input: { id: ${doc.variable("ID!", nodeId)}, color: ${doc.variable("String!", color)}, description: ${doc.variable("String!", description)} }) { label { id } }`,
          ),
        );
        return doc.empty() ? null : send(octokit, doc);
      };
      // A GitHub without one of these mutations (sub-issues on an older server) refuses the whole
      // document: once more without it.
      const names = (answer: Awaited<ReturnType<typeof run>>, field: string) =>
        answer !== null &&
        answer.data === null &&
        answer.errors.some((e) => (e.message ?? "").includes(field));
      let withLinks = true;
      let withPaint = true;
      let answer = await run(withLinks, withPaint);
      for (let tries = 0; tries < 2; tries++) {
        if (names(answer, "addSubIssue")) withLinks = false;
        else if (names(answer, "updateLabel")) withPaint = false;
        else break;
        answer = await run(withLinks, withPaint);
      }
      if (!answer) return { linked, itemIds, boardProblem, learnt };
      if (answer.data === null) throw answer.error;
      const data = answer.data as Record<
        string,
        {
          subIssue?: { id: string };
          issue?: { repository?: { issue?: { id: string } | null } };
          item?: { id: string };
        } | null
      >;
      for (const [i] of children.entries()) {
        const alias = `s${i}`;
        if (data[alias]) linked[i] = true;
        const refused = answer.errorsAt(alias);
        if (refused.length === 0) continue;
        // Already its sub-issue (a run that did not get to record it): done.
        if (refused.every((e) => /duplicate|already/i.test(e.message ?? ""))) linked[i] = true;
        else if (
          !refused.every((e) => ["FORBIDDEN", "NOT_FOUND", "UNPROCESSABLE"].includes(graphqlErrorType(e)))
        )
          throw answer.error;
      }
      learnt = data.s0?.issue?.repository?.issue?.id ?? null;
      for (const [i] of contents.entries()) {
        const alias = `i${i}`;
        itemIds[i] = data[alias]?.item?.id ?? null;
        const refused = answer.errorsAt(alias);
        if (refused.length === 0) continue;
        if (refused.every((e) => graphqlErrorType(e) === "FORBIDDEN")) boardProblem = FORBIDDEN_BOARD;
        else throw answer.error;
      }
      return { linked, itemIds, boardProblem, learnt };
    },
    async setFieldsAndClose(request) {
      const doc = new Mutation();
      addFinish(doc, request);
      if (doc.empty()) return { boardProblem: null };
      const answer = await send(octokit, doc);
      if (answer.data === null) throw answer.error;
      // Only the board's permission is said; anything else is tried again by the next run.
      if (answer.errors.some((e) => finishPart(e) !== "value" || graphqlErrorType(e) !== "FORBIDDEN"))
        throw answer.error;
      return { boardProblem: finishOutcome(answer.errors, request).boardProblem };
    },
  };
}

function labelsOf(
  labels: Array<
    string | { name?: string; node_id?: string; color?: string | null; description?: string | null }
  >,
): IssueLabel[] {
  return labels.flatMap((l) =>
    typeof l === "string" || !l.name || !l.node_id
      ? []
      : [{ name: l.name, nodeId: l.node_id, color: l.color ?? "", description: l.description ?? null }],
  );
}
