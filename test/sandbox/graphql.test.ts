import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { seedProject } from "../../sandbox/routes/graphql.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Project } from "../../sandbox/store.js";
import {
  asPerson,
  asToken,
  call,
  installationIdOf,
  installationToken,
  REPO,
  type IssueJson,
  graphqlCall,
} from "./support.js";

const BOARD = `query($org: String!, $number: Int!) {
  organization(login: $org) {
    projectV2(number: $number) {
      id
      title
      fields(first: 50) {
        nodes {
          ... on ProjectV2SingleSelectField { id name options { id name } }
          ... on ProjectV2Field { id name }
        }
      }
    }
  }
}`;
const ADD = `mutation($project: ID!, $content: ID!) {
  addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } }
}`;
const SET = `mutation($project: ID!, $item: ID!, $field: ID!, $option: String!) {
  updateProjectV2ItemFieldValue(
    input: { projectId: $project, itemId: $item, fieldId: $field, value: { singleSelectOptionId: $option } }
  ) { projectV2Item { id } }
}`;

type Board = {
  organization: {
    projectV2: {
      id: string;
      title: string;
      fields: { nodes: Array<{ id: string; name: string; options?: Array<{ id: string; name: string }> }> };
    } | null;
  } | null;
};

describe("stand-in GraphQL (Projects v2)", () => {
  let gh: StandIn;
  let bot: string;
  let project: Project;

  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin" } });
    seedRepo(gh.store, "globex/web", { collaborators: { gina: "admin" } });
    project = seedProject(gh, "acme", 7, "Incidents", {
      Status: ["Todo", "Done"],
      Severity: ["SEV1", "SEV2"],
      Notes: null,
    });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
  });
  afterEach(async () => {
    await gh.close();
  });

  const graphql = <T>(query: string, variables: Record<string, unknown>, auth = bot) =>
    graphqlCall<T>(gh, auth, query, variables);
  async function issue(title: string, repo = REPO, login = "alice"): Promise<IssueJson> {
    const answer = await call<IssueJson>(gh, "POST", `/repos/${repo}/issues`, {
      auth: asPerson(login),
      body: { title },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  }
  const field = (name: string) => project.fields.find((f) => f.name === name)!;
  const option = (fieldName: string, name: string) => field(fieldName).options.find((o) => o.name === name)!;

  test("an organization's board lists its fields, single-select ones with their options", async () => {
    const answer = await graphql<Board>(BOARD, { org: "acme", number: 7 });
    expect(answer.errors).toBeUndefined();
    const board = answer.data?.organization?.projectV2;
    expect(board?.id).toBe(project.id);
    expect(board?.title).toBe("Incidents");
    expect(board?.fields.nodes).toEqual([
      { id: field("Title").id, name: "Title" },
      {
        id: field("Status").id,
        name: "Status",
        options: [
          { id: option("Status", "Todo").id, name: "Todo" },
          { id: option("Status", "Done").id, name: "Done" },
        ],
      },
      {
        id: field("Severity").id,
        name: "Severity",
        options: [
          { id: option("Severity", "SEV1").id, name: "SEV1" },
          { id: option("Severity", "SEV2").id, name: "SEV2" },
        ],
      },
      { id: field("Notes").id, name: "Notes" },
    ]);
  });

  test("an unknown project number is NOT_FOUND with projectV2 null", async () => {
    const answer = await graphql<Board>(BOARD, { org: "acme", number: 8 });
    expect(answer.errors?.[0]?.type).toBe("NOT_FOUND");
    expect(answer.errors?.[0]?.message).toContain("number 8");
    expect(answer.errors?.[0]?.path).toEqual(["organization", "projectV2"]);
    expect(answer.data).toEqual({ organization: { projectV2: null } });
  });

  test("an unknown organization is NOT_FOUND with organization null", async () => {
    const answer = await graphql<Board>(BOARD, { org: "nope", number: 7 });
    expect(answer.errors?.[0]?.type).toBe("NOT_FOUND");
    expect(answer.data).toEqual({ organization: null });
  });

  test("adding an issue puts it on the board once; adding it again returns the same item", async () => {
    const { node_id } = await issue("Checkout 502s");
    type Added = { addProjectV2ItemById: { item: { id: string } } };
    const first = await graphql<Added>(ADD, { project: project.id, content: node_id });
    expect(first.errors).toBeUndefined();
    const itemId = first.data!.addProjectV2ItemById.item.id;
    expect(itemId).toMatch(/^PVTI_/);
    const again = await graphql<Added>(ADD, { project: project.id, content: node_id });
    expect(again.errors).toBeUndefined();
    expect(again.data!.addProjectV2ItemById.item.id).toBe(itemId);
    expect(project.items).toEqual([{ id: itemId, contentId: node_id, values: new Map() }]);
  });

  test("adding an unknown node is NOT_FOUND", async () => {
    const answer = await graphql(ADD, { project: project.id, content: "I_doesnotexist" });
    expect(answer.errors?.[0]?.type).toBe("NOT_FOUND");
    expect(project.items).toEqual([]);
  });

  test("setting a single-select field stores the option; a wrong option is an error", async () => {
    const { node_id } = await issue("Checkout 502s");
    const added = await graphql<{ addProjectV2ItemById: { item: { id: string } } }>(ADD, {
      project: project.id,
      content: node_id,
    });
    const item = added.data!.addProjectV2ItemById.item.id;
    const status = field("Status");
    const ok = await graphql<{ updateProjectV2ItemFieldValue: { projectV2Item: { id: string } } }>(SET, {
      project: project.id,
      item,
      field: status.id,
      option: option("Status", "Done").id,
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.updateProjectV2ItemFieldValue.projectV2Item.id).toBe(item);
    expect(project.items[0]!.values.get(status.id)).toBe(option("Status", "Done").id);

    const wrong = await graphql(SET, {
      project: project.id,
      item,
      field: status.id,
      option: option("Severity", "SEV1").id,
    });
    expect(wrong.errors).toHaveLength(1);
    expect(wrong.errors?.[0]?.message).toContain("does not belong to the field");
    expect(wrong.data).toEqual({ updateProjectV2ItemFieldValue: null });
    expect(project.items[0]!.values.get(status.id)).toBe(option("Status", "Done").id);
  });

  test("without organization_projects permission, writes are FORBIDDEN", async () => {
    const { node_id } = await issue("Checkout 502s");
    delete gh.store.installations.get(installationIdOf(gh, REPO))!.permissions.organization_projects;
    const answer = await graphql(ADD, { project: project.id, content: node_id });
    expect(answer.errors?.[0]?.type).toBe("FORBIDDEN");
    expect(answer.errors?.[0]?.message).toBe("Resource not accessible by integration");
    expect(answer.data).toEqual({ addProjectV2ItemById: null });
    expect(project.items).toEqual([]);
  });

  test("a user's board cannot be written by an installation", async () => {
    const own = seedProject(gh, "acme", 9, "Other", { Status: ["Todo"] });
    own.owner = gh.store.user("alice");
    const { node_id } = await issue("Checkout 502s");
    const answer = await graphql(ADD, { project: own.id, content: node_id });
    expect(answer.errors?.[0]?.type).toBe("FORBIDDEN");
    expect(own.items).toEqual([]);
  });

  test("without a query the request is 400; without authentication 401", async () => {
    const noQuery = await call<{ message: string }>(gh, "POST", "/api/graphql", { auth: bot, body: {} });
    expect(noQuery.status).toBe(400);
    const anonymous = await call(gh, "POST", "/api/graphql", { body: { query: "{ __typename }" } });
    expect(anonymous.status).toBe(401);
  });

  test("a syntax error is answered as GraphQL errors", async () => {
    const answer = await graphql("query { organization(login: ", {});
    expect(answer.data).toBeNull();
    expect(answer.errors?.[0]?.message).toContain("Syntax Error");
  });

  // BUG (sandbox/routes/graphql.ts, addProjectV2ItemById): the content node is looked up in every
  // repository of the stand-in, so an installation token can put an issue of a repository it is
  // not installed on (here another organization's) on its board. GitHub answers NOT_FOUND
  // ("Could not resolve to a node with the global id of ...") for nodes the token cannot see, as
  // the stand-in's REST side does (404) for the same issue.
  test("an installation cannot add an issue of a repository it does not reach", async () => {
    const foreign = await issue("Globex secret", "globex/web", "gina");
    const rest = await call(gh, "GET", `/repos/globex/web/issues/${foreign.number}`, { auth: bot });
    expect(rest.status).toBe(404);
    const answer = await graphql(ADD, { project: project.id, content: foreign.node_id });
    expect(answer.errors?.[0]?.type).toBe("NOT_FOUND");
    expect(project.items).toEqual([]);
  });
});
