import type { GraphQLError } from "graphql";
import type { Sandbox } from "../context.js";
import type { Call } from "../router.js";
import type { Repo } from "../store.js";

/**
 * A repository's labels in GitHub's GraphQL API: `Repository.label(name:)` (null when there is
 * none, matched without regard to case as GitHub's names are) and `createLabel`, which GitHub
 * refuses for a name the repository has already ("Name has already been taken"), as REST does.
 */
export const LABELS_SDL = `
  extend type Repository { label(name: String!): Label }
  input CreateLabelInput { clientMutationId: String color: String! description: String name: String! repositoryId: ID! }
  type CreateLabelPayload { clientMutationId: String label: Label }
  extend type Mutation { createLabel(input: CreateLabelInput!): CreateLabelPayload }
`;

const labelView = (sandbox: Sandbox, label: Repo["labels"][number]) => ({
  id: sandbox.shapes.nodeId("LA", label.id),
  name: label.name,
  color: label.color,
  description: label.description,
});

/** The fields LABELS_SDL adds to a repository. */
export function labelFields(sandbox: Sandbox, repo: Repo) {
  return {
    label: ({ name }: { name: string }) => {
      const label = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
      return label ? labelView(sandbox, label) : null;
    },
  };
}

interface Tools {
  error: (type: string, message: string) => GraphQLError;
  /** The repositories the caller reaches (an installation: its own). */
  reachable: () => Repo[];
}

export function labelMutations(sandbox: Sandbox, call: Call, { error, reachable }: Tools) {
  const { store, shapes } = sandbox;
  return {
    createLabel: ({
      input,
    }: {
      input: {
        repositoryId: string;
        name: string;
        color: string;
        description?: string | null;
        clientMutationId?: string;
      };
    }) => {
      const repo = reachable().find((r) => shapes.nodeId("R", r.id) === input.repositoryId);
      if (!repo)
        throw error("NOT_FOUND", `Could not resolve to a node with the global id of '${input.repositoryId}'`);
      if (call.actor.kind === "installation" && call.actor.installation.permissions.issues !== "write")
        throw error("FORBIDDEN", "Resource not accessible by integration");
      if (!/^[0-9a-fA-F]{6}$/.test(input.color)) throw error("UNPROCESSABLE", "Color is invalid");
      if (repo.labels.some((l) => l.name.toLowerCase() === input.name.toLowerCase()))
        throw error("UNPROCESSABLE", "Name has already been taken");
      const label = {
        id: store.nextId(),
        name: input.name,
        color: input.color,
        description: input.description ?? null,
      };
      repo.labels.push(label);
      return { label: labelView(sandbox, label), clientMutationId: input.clientMutationId ?? null };
    },
  };
}
