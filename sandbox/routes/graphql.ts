import { buildSchema, graphql, GraphQLError } from "graphql";
import type { Sandbox } from "../context.js";
import { json, type Call, type Router } from "../router.js";
import type { Project, ProjectField, User } from "../store.js";

/**
 * GitHub's GraphQL API, as far as the app uses it: Projects (v2) boards of organizations and
 * users, adding an issue to a board and setting a field. Errors read as GitHub's do.
 */
const schema = buildSchema(`
  type Query {
    organization(login: String!): Owner
    user(login: String!): Owner
    node(id: ID!): ProjectV2
  }
  type Owner { login: String! projectV2(number: Int!): ProjectV2 }
  type ProjectV2 {
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
  type Mutation {
    addProjectV2ItemById(input: AddProjectV2ItemByIdInput!): AddProjectV2ItemByIdPayload
    updateProjectV2ItemFieldValue(input: UpdateProjectV2ItemFieldValueInput!): UpdateProjectV2ItemFieldValuePayload
  }
`);

function error(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
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
    const rootValue = {
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
