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
 * An answer with errors (Octokit throws it) as the data answered and the errors beside it, with
 * what was thrown; a failure that is no answer (GitHub down, a timeout) is thrown.
 */
export async function answered<T>(
  work: () => Promise<T>,
): Promise<{ data: T | null; errors: GraphqlError[]; error: unknown }> {
  try {
    return { data: await work(), errors: [], error: null };
  } catch (thrown) {
    const answer = thrown as { name?: string; data?: T | null; errors?: GraphqlError[] } | null;
    if (answer?.name !== "GraphqlResponseError") throw thrown;
    return { data: answer.data ?? null, errors: answer.errors ?? [], error: thrown };
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
  const { data, errors, error } = await answered(() =>
    octokit.graphql<Record<string, unknown>>(doc.toString(), {
      ...doc.variables,
      ...(once ? { request: { retries: 0 } } : {}),
    }),
  );
  return {
    data,
    errors,
    error,
    errorsAt: (alias: string) => errors.filter((e) => e.path?.[0] === alias),
  };
}
