import type { AdapterContext } from "./rest.js";

export type GraphqlError = { type?: string; message?: string; path?: Array<string | number> };

/** One GraphQL mutation document: aliased fields, each with its own variables. */
export class Mutation {
  /** `name`: the operation's name, for GitHub's logs and the stand-in's request log. */
  constructor(private readonly name = "") {}

  #defs: string[] = [];
  #fields: string[] = [];
  readonly variables: Record<string, unknown> = {};

  variable(type: string, value: unknown): string {
    const name = `x${this.#defs.length}`;
    this.#defs.push(`$${name}: ${type}`);
    this.variables[name] = value;
    return `$${name}`;
  }

  field(alias: string, selection: string): void {
    this.#fields.push(`${alias}: ${selection}`);
  }

  empty(): boolean {
    return this.#fields.length === 0;
  }

  toString(): string {
    const defs = this.#defs.length > 0 ? `(${this.#defs.join(", ")})` : "";
    return `mutation ${this.name}${defs} { ${this.#fields.join(" ")} }`;
  }
}

/**
 * Sends a document; an answer with errors is returned, not thrown: each mutation of a document
 * succeeds or fails on its own, and its alias is null with an error naming it when it failed.
 */
export async function send(
  octokit: AdapterContext["octokit"],
  doc: Mutation,
  /** Not repeated after a 5xx: a document that creates content may have been run (see createOnce). */
  once = false,
) {
  let data: Record<string, unknown> | null;
  let errors: GraphqlError[] = [];
  let error: unknown = null;
  try {
    data = await octokit.graphql<Record<string, unknown>>(doc.toString(), {
      ...doc.variables,
      ...(once ? { request: { retries: 0 } } : {}),
    });
  } catch (thrown) {
    if ((thrown as { name?: string } | null)?.name !== "GraphqlResponseError") throw thrown;
    error = thrown;
    const answer = thrown as { data?: Record<string, unknown> | null; errors?: GraphqlError[] };
    data = answer.data ?? null;
    errors = answer.errors ?? [];
  }
  return {
    data,
    errors,
    error,
    errorsAt: (alias: string) => errors.filter((e) => e.path?.[0] === alias),
  };
}
