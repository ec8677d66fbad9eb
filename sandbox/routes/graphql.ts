import { buildSchema, graphql, GraphQLError } from "graphql";
import { actingUser, type Sandbox } from "../context.js";
import { json, type Call, type Router } from "../router.js";
import type { Comment, Issue, Project, ProjectField, Repo, User } from "../store.js";
import { transferIssue, TransferRefusal } from "../transfer.js";
import { issueEvent } from "../issue-events.js";
import { HISTORY_SDL, historyFields } from "./graphql-history.js";
import { HANDOFF_SDL, handoffMutations } from "./graphql-handoff.js";
import { COMMENTS_SDL, commentMutations } from "./graphql-comments.js";
import { LABELS_SDL, labelFields, labelMutations } from "./graphql-labels.js";

/**
 * GitHub's GraphQL API, as far as the app uses it: Projects (v2) boards of organizations and
 * users, adding an issue to a board and setting a field; a repository's issues with their
 * comments, and issues by node id (the incident report); moving an issue to another repository
 * (`transferIssue`, ../transfer.ts); adding and removing an issue's labels by node id (a phase
 * change in one request); a repository's history, trees and blobs, deployments and pull requests
 * (./graphql-history.ts). Errors read as GitHub's do.
 */
const schema = buildSchema(`
  type Query {
    organization(login: String!): Owner
    user(login: String!): Owner
    node(id: ID!): ProjectV2
    repository(owner: String!, name: String!, followRenames: Boolean): Repository
    nodes(ids: [ID!]!): [Node]!
  }
  interface Node { id: ID! }
  scalar DateTime
  scalar BigInt
  scalar URI
  interface Actor { login: String! }
  type User implements Actor { login: String! }
  type Bot implements Actor { login: String! }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  enum IssueState { OPEN CLOSED }
  enum IssueStateReason { COMPLETED NOT_PLANNED REOPENED DUPLICATE }
  enum IssueOrderField { CREATED_AT UPDATED_AT COMMENTS }
  enum OrderDirection { ASC DESC }
  input IssueOrder { field: IssueOrderField! direction: OrderDirection! }
  input IssueFilters { labels: [String!] since: DateTime states: [IssueState!] }
  type Repository implements Node {
    id: ID!
    name: String!
    nameWithOwner: String!
    owner: Owner!
    isPrivate: Boolean!
    issue(number: Int!): Issue
    issues(first: Int, last: Int, after: String, before: String, labels: [String!], states: [IssueState!], orderBy: IssueOrder, filterBy: IssueFilters): IssueConnection!
  }
  type IssueConnection { totalCount: Int! pageInfo: PageInfo! nodes: [Issue] }
  type Milestone { title: String! number: Int! dueOn: DateTime }
  type Issue implements Node & Labelable {
    id: ID!
    number: Int!
    title: String!
    url: URI!
    createdAt: DateTime!
    updatedAt: DateTime!
    closedAt: DateTime
    closed: Boolean!
    state: IssueState!
    stateReason: IssueStateReason
    milestone: Milestone
    repository: Repository!
    comments(first: Int, last: Int, after: String, before: String): IssueCommentConnection!
    labels(first: Int, last: Int, after: String, before: String): LabelConnection
  }
  interface Labelable { labels(first: Int, last: Int, after: String, before: String): LabelConnection }
  type Label implements Node { id: ID! name: String! color: String! description: String }
  type LabelConnection { totalCount: Int! pageInfo: PageInfo! nodes: [Label] }
  input AddLabelsToLabelableInput { labelableId: ID! labelIds: [ID!]! clientMutationId: String }
  type AddLabelsToLabelablePayload { labelable: Labelable clientMutationId: String }
  input RemoveLabelsFromLabelableInput { labelableId: ID! labelIds: [ID!]! clientMutationId: String }
  type RemoveLabelsFromLabelablePayload { labelable: Labelable clientMutationId: String }
  type IssueCommentConnection { totalCount: Int! pageInfo: PageInfo! nodes: [IssueComment] }
  type IssueComment implements Node {
    id: ID!
    databaseId: Int
    fullDatabaseId: BigInt
    body: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    lastEditedAt: DateTime
    url: URI!
    author: Actor
  }
  type Owner { login: String! projectV2(number: Int!): ProjectV2 }
  type ProjectV2 implements Node {
    id: ID!
    number: Int!
    title: String!
    url: String!
    fields(first: Int): ProjectV2FieldConnection!
    items(first: Int): ProjectV2ItemConnection!
  }
  union ProjectV2FieldConfiguration = ProjectV2Field | ProjectV2SingleSelectField
  type ProjectV2FieldConnection { nodes: [ProjectV2FieldConfiguration]! totalCount: Int! }
  type ProjectV2Field { id: ID! name: String! dataType: String! }
  type ProjectV2SingleSelectField { id: ID! name: String! dataType: String! options: [ProjectV2SingleSelectFieldOption!]! }
  type ProjectV2SingleSelectFieldOption { id: String! name: String! }
  type ProjectV2ItemConnection { nodes: [ProjectV2Item]! totalCount: Int! }
  type ProjectV2Item { id: ID! contentId: ID! }
  input AddProjectV2ItemByIdInput { projectId: ID! contentId: ID! clientMutationId: String }
  type AddProjectV2ItemByIdPayload { item: ProjectV2Item clientMutationId: String }
  input ProjectV2FieldValue { singleSelectOptionId: String text: String number: Float date: String iterationId: String }
  input UpdateProjectV2ItemFieldValueInput { projectId: ID! itemId: ID! fieldId: ID! value: ProjectV2FieldValue! clientMutationId: String }
  type UpdateProjectV2ItemFieldValuePayload { projectV2Item: ProjectV2Item clientMutationId: String }
  input TransferIssueInput { issueId: ID! repositoryId: ID! createLabelsIfMissing: Boolean = false clientMutationId: String }
  type TransferIssuePayload { issue: Issue clientMutationId: String }
  type Mutation {
    transferIssue(input: TransferIssueInput!): TransferIssuePayload
    addLabelsToLabelable(input: AddLabelsToLabelableInput!): AddLabelsToLabelablePayload
    removeLabelsFromLabelable(input: RemoveLabelsFromLabelableInput!): RemoveLabelsFromLabelablePayload
    addProjectV2ItemById(input: AddProjectV2ItemByIdInput!): AddProjectV2ItemByIdPayload
    updateProjectV2ItemFieldValue(input: UpdateProjectV2ItemFieldValueInput!): UpdateProjectV2ItemFieldValuePayload
  }
${HISTORY_SDL}${HANDOFF_SDL}${LABELS_SDL}${COMMENTS_SDL}`);

function error(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

interface Page {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** GitHub's cursors are opaque; these are offsets, base64-encoded as GitHub's look. */
const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString("base64");
function offsetOf(cursor: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m) throw error("INVALID_CURSOR_ARGUMENTS", `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

/** A connection as GitHub pages it: `first` or `last` (1-100) required, cursors after/before. */
function connection<T>(name: string, items: readonly T[], args: Page) {
  const { first, last } = args;
  if (first == null && last == null)
    throw error(
      "MISSING_PAGINATION_BOUNDARIES",
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
    );
  for (const [arg, n] of [
    ["first", first],
    ["last", last],
  ] as const)
    if (n != null && (n < 0 || n > 100))
      throw error(
        "EXCESSIVE_PAGINATION",
        `Requesting ${n} records on the \`${name}\` connection exceeds the \`${arg}\` limit of 100 records.`,
      );
  let start = args.after ? offsetOf(args.after) + 1 : 0;
  let end = args.before ? offsetOf(args.before) : items.length;
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const nodes = items.slice(start, end);
  return {
    totalCount: items.length,
    nodes,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length > 0 ? cursorOf(start) : null,
      endCursor: nodes.length > 0 ? cursorOf(end - 1) : null,
    },
  };
}

export function graphqlRoutes(router: Router, sandbox: Sandbox): void {
  const { store, shapes } = sandbox;

  const projectView = (project: Project) => ({
    id: project.id,
    number: project.number,
    title: project.title,
    url: `${shapes.user(project.owner).html_url.replace(/\/[^/]+$/, "")}/${project.owner.type === "Organization" ? "orgs" : "users"}/${project.owner.login}/projects/${project.number}`,
    fields: () => ({ nodes: project.fields.map(fieldView), totalCount: project.fields.length }),
    items: () => ({
      nodes: project.items.map((i) => ({ id: i.id, contentId: i.contentId })),
      totalCount: project.items.length,
    }),
  });
  const fieldView = (field: ProjectField) =>
    field.dataType === "SINGLE_SELECT"
      ? { __typename: "ProjectV2SingleSelectField", ...field }
      : { __typename: "ProjectV2Field", id: field.id, name: field.name, dataType: field.dataType };
  const ownerView = (owner: User, kind: string, requireRead: () => void) => ({
    login: owner.login,
    projectV2: ({ number }: { number: number }) => {
      requireRead();
      const project = store.projects.find((p) => p.owner === owner && p.number === number);
      if (!project) throw error("NOT_FOUND", `Could not resolve to a ProjectV2 with the number ${number}.`);
      return projectView(project);
    },
    kind,
  });
  const findProject = (id: string) => {
    const project = store.projects.find((p) => p.id === id);
    if (!project) throw error("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
    return project;
  };

  router.on("POST", "/graphql", async (call: Call) => {
    const { query, variables } = call.body as { query?: string; variables?: Record<string, unknown> };
    if (typeof query !== "string") return json(400, { message: "Problems parsing JSON" });
    const canWrite =
      call.actor.kind !== "installation" ||
      call.actor.installation.permissions.organization_projects === "write";
    const requireWrite = () => {
      if (!canWrite) throw error("FORBIDDEN", "Resource not accessible by integration");
    };
    const canRead =
      call.actor.kind !== "installation" || !!call.actor.installation.permissions.organization_projects;
    const requireRead = () => {
      if (!canRead) throw error("FORBIDDEN", "Resource not accessible by integration");
    };
    // An installation reaches only its repositories, as its REST requests do.
    const reachable = (): Repo[] =>
      call.actor.kind === "installation" ? call.actor.installation.repositories : [...store.repos.values()];
    const commentView = (repo: Repo, comment: Comment) => ({
      __typename: "IssueComment",
      id: shapes.nodeId("IC", comment.id),
      databaseId: comment.id <= 2_147_483_647 ? comment.id : null,
      fullDatabaseId: String(comment.id),
      body: comment.body,
      createdAt: comment.created_at,
      updatedAt: comment.updated_at,
      lastEditedAt: comment.updated_at === comment.created_at ? null : comment.updated_at,
      url: shapes.comment(repo, comment).html_url,
      // GitHub's GraphQL names an app's bot by its slug: `Bot.login` has no `[bot]` (REST's has).
      author:
        comment.user.type === "Bot"
          ? { __typename: "Bot", login: comment.user.login.replace(/\[bot\]$/, "") }
          : { __typename: "User", login: comment.user.login },
    });
    const issueView = (repo: Repo, issue: Issue) => ({
      __typename: "Issue",
      id: shapes.nodeId("I", issue.id),
      number: issue.number,
      title: issue.title,
      url: shapes.issue(repo, issue).html_url,
      createdAt: issue.created_at,
      updatedAt: issue.updated_at,
      closedAt: issue.closed_at,
      closed: issue.state === "closed",
      state: issue.state === "closed" ? "CLOSED" : "OPEN",
      stateReason: issue.state_reason ? issue.state_reason.toUpperCase() : null,
      milestone: issue.milestone
        ? { title: issue.milestone.title, number: issue.milestone.number, dueOn: issue.milestone.dueOn }
        : null,
      repository: () => repositoryView(repo),
      comments: (args: Page) => {
        const comments = repo.comments
          .filter((c) => c.issueNumber === issue.number)
          .sort((a, b) => a.id - b.id);
        const page = connection("comments", comments, args);
        return { ...page, nodes: page.nodes.map((c) => commentView(repo, c)) };
      },
      labels: (args: Page) => {
        const page = connection("labels", issue.labels, args);
        return {
          ...page,
          nodes: page.nodes.map((l) => ({
            id: shapes.nodeId("LA", l.id),
            name: l.name,
            color: l.color,
            description: l.description,
          })),
        };
      },
    });
    /**
     * `addLabelsToLabelable` and `removeLabelsFromLabelable`: an issue's labels by node id, only
     * the named ones, each change with its `labeled`/`unlabeled` webhook and event as REST's
     * label routes send them. Adding a label that is there, or removing one that is not, changes
     * nothing. An unknown issue or label is a NOT_FOUND error, and nothing is changed.
     */
    const editLabels = (
      input: { labelableId: string; labelIds: string[]; clientMutationId?: string },
      add: boolean,
    ) => {
      const notFound = (id: string) =>
        error("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
      if (call.actor.kind === "installation" && call.actor.installation.permissions.issues !== "write")
        throw error("FORBIDDEN", "Resource not accessible by integration");
      const repo = reachable().find((r) =>
        r.issues.some((i) => shapes.nodeId("I", i.id) === input.labelableId),
      );
      const issue = repo?.issues.find((i) => shapes.nodeId("I", i.id) === input.labelableId);
      if (!repo || !issue) throw notFound(input.labelableId);
      const labels = input.labelIds.map((id) => {
        const label = repo.labels.find((l) => shapes.nodeId("LA", l.id) === id);
        if (!label) throw notFound(id);
        return label;
      });
      const sender = actingUser(sandbox, call);
      for (const label of labels) {
        const there = issue.labels.includes(label);
        if (add === there) continue;
        issue.labels = add ? [...issue.labels, label] : issue.labels.filter((l) => l !== label);
        issue.updated_at = store.now();
        const action = add ? "labeled" : "unlabeled";
        issueEvent(sandbox, repo, issue, action, sender, { label: shapes.label(repo, label) }, label);
      }
      return { labelable: issueView(repo, issue), clientMutationId: input.clientMutationId ?? null };
    };
    const repositoryView = (repo: Repo) => ({
      __typename: "Repository",
      id: shapes.nodeId("R", repo.id),
      name: repo.name,
      nameWithOwner: `${repo.owner.login}/${repo.name}`,
      owner: () =>
        ownerView(repo.owner, repo.owner.type === "Organization" ? "organization" : "user", requireRead),
      isPrivate: repo.private,
      ...historyFields(sandbox, repo, { connection, error, repository: repositoryView }),
      ...labelFields(sandbox, repo),
      issue: ({ number }: { number: number }) => {
        const issue = repo.issues.find((i) => i.number === number && !i.isPull);
        if (!issue) throw error("NOT_FOUND", `Could not resolve to an Issue with the number of ${number}.`);
        return issueView(repo, issue);
      },
      issues: (
        args: Page & {
          labels?: string[] | null;
          states?: string[] | null;
          orderBy?: { field: string; direction: string } | null;
          filterBy?: { labels?: string[] | null; since?: string | null; states?: string[] | null } | null;
        },
      ) => {
        const labels = [...(args.labels ?? []), ...(args.filterBy?.labels ?? [])].map((l) => l.toLowerCase());
        const states = args.states ?? args.filterBy?.states ?? null;
        const since = args.filterBy?.since ? Date.parse(args.filterBy.since) : null;
        const key = (i: Issue): number =>
          args.orderBy?.field === "UPDATED_AT"
            ? Date.parse(i.updated_at)
            : args.orderBy?.field === "COMMENTS"
              ? repo.comments.filter((c) => c.issueNumber === i.number).length
              : Date.parse(i.created_at);
        const sign = args.orderBy?.direction === "DESC" ? -1 : 1;
        const list = repo.issues
          .filter((i) => !i.isPull)
          // Any of the labels, as GitHub's `labels` argument reads them.
          .filter((i) => labels.length === 0 || i.labels.some((l) => labels.includes(l.name.toLowerCase())))
          .filter((i) => !states || states.includes(i.state === "closed" ? "CLOSED" : "OPEN"))
          .filter((i) => since === null || Date.parse(i.updated_at) >= since)
          .sort((a, b) => sign * (key(a) - key(b)) || sign * (a.number - b.number));
        const page = connection("issues", list, args);
        return { ...page, nodes: page.nodes.map((i) => issueView(repo, i)) };
      },
    });
    const rootValue = {
      ...handoffMutations(sandbox, call, { error, reachable, issueView }),
      ...commentMutations(sandbox, call, { error, reachable, issueView, commentView, cursorOf }),
      ...labelMutations(sandbox, call, { error, reachable }),
      addLabelsToLabelable: ({
        input,
      }: {
        input: { labelableId: string; labelIds: string[]; clientMutationId?: string };
      }) => editLabels(input, true),
      removeLabelsFromLabelable: ({
        input,
      }: {
        input: { labelableId: string; labelIds: string[]; clientMutationId?: string };
      }) => editLabels(input, false),
      transferIssue: ({
        input,
      }: {
        input: {
          issueId: string;
          repositoryId: string;
          createLabelsIfMissing?: boolean;
          clientMutationId?: string;
        };
      }) => {
        const notFound = (id: string) =>
          error("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
        const from = reachable().find((r) =>
          r.issues.some((i) => shapes.nodeId("I", i.id) === input.issueId),
        );
        const issue = from?.issues.find((i) => shapes.nodeId("I", i.id) === input.issueId);
        if (!from || !issue) throw notFound(input.issueId);
        // Not installed there (or no such repository): the same answer.
        const to = reachable().find((r) => shapes.nodeId("R", r.id) === input.repositoryId);
        if (!to) throw notFound(input.repositoryId);
        try {
          const moved = transferIssue(
            sandbox,
            call.actor,
            from,
            issue,
            to,
            input.createLabelsIfMissing ?? false,
          );
          return { issue: issueView(to, moved), clientMutationId: input.clientMutationId ?? null };
        } catch (refused) {
          if (refused instanceof TransferRefusal) throw error(refused.type, refused.message);
          throw refused;
        }
      },
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = reachable().find(
          (r) => `${r.owner.login}/${r.name}`.toLowerCase() === `${owner}/${name}`.toLowerCase(),
        );
        if (!repo)
          throw error("NOT_FOUND", `Could not resolve to a Repository with the name '${owner}/${name}'.`);
        return repositoryView(repo);
      },
      // Each id is looked up on its own: one that resolves to nothing the caller can see is null,
      // with a NOT_FOUND error for its place in the list, and the others are answered.
      nodes: ({ ids }: { ids: string[] }) => {
        if (ids.length > 100)
          throw error("EXCESSIVE_PAGINATION", "You may not request more than 100 node ids at once.");
        return ids.map((id) => {
          for (const repo of reachable()) {
            const issue = repo.issues.find((i) => shapes.nodeId("I", i.id) === id);
            if (issue) return issueView(repo, issue);
          }
          return error("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
        });
      },
      organization: ({ login }: { login: string }) => {
        const owner = store.users.get(login.toLowerCase());
        if (!owner || owner.type !== "Organization")
          throw error("NOT_FOUND", `Could not resolve to an Organization with the login of '${login}'.`);
        return ownerView(owner, "organization", requireRead);
      },
      user: ({ login }: { login: string }) => {
        const owner = store.users.get(login.toLowerCase());
        if (!owner || owner.type !== "User")
          throw error("NOT_FOUND", `Could not resolve to a User with the login of '${login}'.`);
        return ownerView(owner, "user", requireRead);
      },
      node: ({ id }: { id: string }) => projectView(findProject(id)),
      addProjectV2ItemById: ({
        input,
      }: {
        input: { projectId: string; contentId: string; clientMutationId?: string };
      }) => {
        requireWrite();
        const project = findProject(input.projectId);
        // Apps cannot write to projects owned by a user account (GitHub answers like this).
        if (project.owner.type === "User" && call.actor.kind === "installation") {
          throw error("FORBIDDEN", "Resource not accessible by integration");
        }
        const reachable =
          call.actor.kind === "installation"
            ? call.actor.installation.repositories
            : [...store.repos.values()];
        const issue = reachable
          .flatMap((r) => r.issues)
          .find((i) => shapes.nodeId("I", i.id) === input.contentId);
        if (!issue)
          throw error("NOT_FOUND", `Could not resolve to a node with the global id of '${input.contentId}'`);
        // Adding an item that is already there returns the existing item, as on GitHub.
        let item = project.items.find((i) => i.contentId === input.contentId);
        if (!item) {
          item = {
            id: `PVTI_${Buffer.from(`${project.id}:${store.nextId()}`).toString("base64url")}`,
            contentId: input.contentId,
            values: new Map(),
          };
          project.items.push(item);
        }
        return {
          item: { id: item.id, contentId: item.contentId },
          clientMutationId: input.clientMutationId ?? null,
        };
      },
      updateProjectV2ItemFieldValue: ({
        input,
      }: {
        input: {
          projectId: string;
          itemId: string;
          fieldId: string;
          value: Record<string, unknown>;
          clientMutationId?: string;
        };
      }) => {
        requireWrite();
        const project = findProject(input.projectId);
        const item = project.items.find((i) => i.id === input.itemId);
        if (!item)
          throw error("NOT_FOUND", `Could not resolve to a node with the global id of '${input.itemId}'`);
        const field = project.fields.find((f) => f.id === input.fieldId);
        if (!field)
          throw error("NOT_FOUND", `Could not resolve to a node with the global id of '${input.fieldId}'`);
        if (field.dataType === "SINGLE_SELECT") {
          const option = field.options.find((o) => o.id === input.value.singleSelectOptionId);
          if (!option)
            throw error("UNPROCESSABLE", `The single select option Id does not belong to the field`);
          item.values.set(field.id, option.id);
        } else {
          item.values.set(field.id, String(input.value.text ?? input.value.number ?? input.value.date ?? ""));
        }
        return {
          projectV2Item: { id: item.id, contentId: item.contentId },
          clientMutationId: input.clientMutationId ?? null,
        };
      },
    };
    const result = await graphql({ schema, source: query, rootValue, variableValues: variables ?? {} });
    const errors = result.errors?.map((e) => ({
      type: (e.extensions?.type as string | undefined) ?? "INVALID",
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
    return json(200, { data: result.data ?? null, ...(errors ? { errors } : {}) });
  });
}

/** A board with single-select fields, as a team would set it up. */
export function seedProject(
  sandbox: Pick<Sandbox, "store">,
  owner: string,
  number: number,
  title: string,
  fields: Record<string, string[] | null>,
): Project {
  const { store } = sandbox;
  const user = store.user(owner, "Organization");
  const id = (prefix: string) =>
    `${prefix}_${Buffer.from(`${prefix}:${store.nextId()}`).toString("base64url")}`;
  const project: Project = {
    id: id("PVT"),
    number,
    title,
    owner: user,
    fields: [
      { id: id("PVTF"), name: "Title", dataType: "TITLE", options: [] },
      ...Object.entries(fields).map(([name, options]): ProjectField =>
        options
          ? {
              id: id("PVTSSF"),
              name,
              dataType: "SINGLE_SELECT",
              options: options.map((o) => ({ id: store.nextId().toString(16), name: o })),
            }
          : { id: id("PVTF"), name, dataType: "TEXT", options: [] },
      ),
    ],
    items: [],
  };
  store.projects.push(project);
  return project;
}
