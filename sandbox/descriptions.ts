/**
 * GitHub's published descriptions of its APIs, used to check that the stand-in and the app speak
 * GitHub exactly: the REST OpenAPI description of api.github.com (`@octokit/openapi`), the
 * webhook payload schemas (`@octokit/openapi-webhooks`), both kept gzipped under
 * test/fixtures/github/ by scripts/extract-github-descriptions.ts, and the GraphQL schema
 * (`@octokit/graphql-schema`). Every check answers a list of violations, each naming the
 * operation and the field.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { gunzipSync } from "node:zlib";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import {
  buildSchema,
  getVariableValues,
  Kind,
  parse,
  validate,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

// ajv-formats is CommonJS: under ESM its function is the default export's default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const FIXTURES = new URL("../test/fixtures/github/", import.meta.url);

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}
interface Operation {
  operationId: string;
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: Json;
  responses?: Record<string, Json>;
  "x-github"?: { enabledForGitHubApps?: boolean };
}
interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  literal: number;
  methods: Record<string, Operation>;
}

export interface RequestCheck {
  /** `issues/create (POST /repos/{owner}/{repo}/issues)`, or null when GitHub has no such operation. */
  operation: string | null;
  violations: string[];
  /** Checks an answer against the response schema for its status. */
  response(status: number, body: unknown): string[];
}

const pointer = (...segments: string[]) =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

const describe = (errors: ErrorObject[] | null | undefined, where: string): string[] =>
  (errors ?? []).slice(0, 5).map((e) => {
    const field = e.instancePath || "(top level)";
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === "enum"
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")})`
          : "";
    return `${where} ${field} ${e.message ?? e.keyword}${extra}`;
  });

export class GitHubDescriptions {
  /**
   * Loaded once per process. Reading the descriptions takes about a second and compiling the
   * schema of one webhook up to one more, so what is compiled is kept for the whole process:
   * Jest gives each test file its own modules and globals, but the same built-in modules, so
   * the instance hangs from one of those.
   */
  static load(): GitHubDescriptions {
    const holder = os as unknown as Record<symbol, GitHubDescriptions | undefined>;
    const key = Symbol.for("incident-response.github-descriptions");
    return (holder[key] ??= new GitHubDescriptions());
  }

  /** Where the descriptions came from: package names and versions. */
  readonly sources: Array<{ package: string; version: string; fixture: string }>;
  readonly #rest: Json;
  readonly #hooks: Json;
  readonly #routes: Route[] = [];
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #webhookKeys = new Map<string, Map<string, string>>();
  #graphqlSchema: GraphQLSchema | undefined;

  private constructor() {
    const read = (name: string) =>
      JSON.parse(gunzipSync(readFileSync(new URL(name, FIXTURES))).toString("utf8")) as Json;
    this.sources = JSON.parse(readFileSync(new URL("sources.json", FIXTURES), "utf8")) as Array<{
      package: string;
      version: string;
      fixture: string;
    }>;
    this.#rest = openApi30ToJsonSchema(read("api.github.com.json.gz"));
    this.#hooks = read("webhooks.api.github.com.json.gz");
    // Referenced schemas compile once each (GitHub's user, repository... are referenced everywhere).
    // No logger: a warning about one of GitHub's own formats can come after a test has ended
    // (a late delivery), and Jest fails the run for any log then. GitHub's `repo.nwo` is checked.
    this.#ajv = addFormats(
      new Ajv({ strict: false, validateSchema: false, inlineRefs: false, logger: false }),
    );
    this.#ajv.addFormat("repo.nwo", /^[^/\s]+\/[^/\s]+$/);
    this.#ajv.addSchema({ ...this.#rest, $id: "rest" });
    this.#ajv.addSchema({ ...this.#hooks, $id: "webhooks" });
    for (const [template, methods] of Object.entries(this.#rest.paths as Record<string, Json>)) {
      const names: string[] = [];
      const source = template
        .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
        .replace(/\{([^}]+)\}/g, (_m, name: string) => {
          names.push(name);
          return "([^/]+)";
        });
      const ops: Record<string, Operation> = {};
      for (const [method, op] of Object.entries(methods))
        if (typeof op === "object" && op && "operationId" in op) ops[method.toUpperCase()] = op as Operation;
      this.#routes.push({
        template,
        pattern: new RegExp(`^${source}$`),
        names,
        literal: template.replace(/\{[^}]+\}/g, "").length,
        methods: ops,
      });
    }
    for (const [key, item] of Object.entries(this.#hooks.webhooks as Record<string, { post: Operation }>)) {
      const xGithub = item.post["x-github"] as { subcategory?: string } | undefined;
      const event = xGithub?.subcategory ?? key;
      const action = item.post.operationId.split("/")[1] ?? "";
      if (!this.#webhookKeys.has(event)) this.#webhookKeys.set(event, new Map());
      this.#webhookKeys.get(event)!.set(action, key);
    }
  }

  #resolve<T>(node: T | { $ref: string }): T {
    let current: unknown = node;
    while (current && typeof current === "object" && "$ref" in current) {
      const ref = (current as { $ref: string }).$ref;
      current = ref
        .replace(/^#\//, "")
        .split("/")
        .reduce<unknown>(
          (at, s) => (at as Json | undefined)?.[s.replace(/~1/g, "/").replace(/~0/g, "~")],
          this.#rest,
        );
    }
    return current as T;
  }

  #validator(key: string, schema: () => Json): ValidateFunction {
    let fn = this.#compiled.get(key);
    if (!fn) {
      fn = this.#ajv.compile(schema());
      this.#compiled.set(key, fn);
    }
    return fn;
  }

  #find(
    method: string,
    path: string,
  ): { route: Route; op: Operation; params: Record<string, string> } | null {
    let best: { route: Route; op: Operation; params: Record<string, string> } | null = null;
    for (const route of this.#routes) {
      const op = route.methods[method];
      if (!op) continue;
      let m = route.pattern.exec(path);
      // A file path is one parameter with slashes in it (`/contents/{path}`).
      if (!m && route.names.at(-1) === "path" && route.template.endsWith("{path}"))
        m = new RegExp(route.pattern.source.replace(/\(\[\^\/\]\+\)\$$/, "(.+)$")).exec(path);
      if (!m) continue;
      if (best && best.route.literal >= route.literal) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      best = { route, op, params };
    }
    return best;
  }

  /**
   * A REST request as GitHub would read it: the operation exists, a GitHub App may call it, its
   * path and query parameters are ones GitHub reads and valid, its JSON body matches the schema
   * with no field GitHub does not know.
   */
  request(input: {
    method: string;
    path: string;
    query: URLSearchParams;
    body: unknown;
    byApp: boolean;
  }): RequestCheck {
    const { method, path, query, body, byApp } = input;
    const found = this.#find(method, path);
    if (!found) {
      return {
        operation: null,
        violations: [`${method} ${path}: GitHub's REST API has no such operation`],
        response: () => [],
      };
    }
    const { route, op, params } = found;
    const name = `${op.operationId} (${method} ${route.template})`;
    const violations: string[] = [];
    if (byApp && op["x-github"]?.enabledForGitHubApps === false)
      violations.push(`${name}: not enabled for GitHub Apps`);

    const parameters = (op.parameters ?? []).map((p) => this.#resolve<Parameter>(p));
    for (const where of ["path", "query"] as const) {
      const declared = parameters.filter((p) => p.in === where);
      const given: Record<string, string> =
        where === "path"
          ? { ...params }
          : Object.fromEntries([...query.keys()].map((k) => [k, query.get(k)!]));
      // Parameters arrive as strings: read as their declared types, as GitHub reads them.
      const values = Object.fromEntries(
        Object.entries(given).map(([key, value]) => {
          const type = declared.find((p) => p.name === key)?.schema?.type;
          if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value))
            return [key, Number(value)];
          if (type === "boolean" && (value === "true" || value === "false")) return [key, value === "true"];
          return [key, value];
        }),
      );
      if (where === "query") {
        for (const key of new Set(query.keys()))
          if (query.getAll(key).length > 1) violations.push(`${name}: query parameter ${key} given twice`);
      }
      const validate = this.#validator(`${name}:${where}`, () => ({
        type: "object",
        properties: Object.fromEntries(declared.map((p) => [p.name, p.schema ?? {}])),
        required: declared.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      }));
      if (!validate(values)) violations.push(...describe(validate.errors, `${name}: ${where} parameter`));
      // GitHub's maximum page size is in the parameter's description only ("max 100").
      if (where === "query" && Number(values.per_page) > 100)
        violations.push(`${name}: query parameter /per_page must be <= 100`);
    }

    const requestBody = op.requestBody ? this.#resolve<Json>(op.requestBody) : undefined;
    const content = (requestBody?.content as Record<string, { schema?: Json }> | undefined)?.[
      "application/json"
    ];
    if (body === undefined) {
      if (requestBody?.required) violations.push(`${name}: request body is required`);
    } else if (!content?.schema) {
      violations.push(`${name}: sends a JSON body, which GitHub does not read here`);
    } else {
      const at = pointer(
        "paths",
        route.template,
        method.toLowerCase(),
        "requestBody",
        "content",
        "application/json",
      );
      const schemaRef = op.requestBody && "$ref" in op.requestBody ? null : `rest#/${at}/schema`;
      const validate = this.#validator(`${name}:body`, () =>
        schemaRef ? { $ref: schemaRef } : content.schema!,
      );
      if (!validate(body)) violations.push(...describe(validate.errors, `${name}: request body`));
      if (body && typeof body === "object" && !Array.isArray(body)) {
        const known = this.#propertyNames(content.schema);
        if (known) {
          for (const key of Object.keys(body))
            if (!known.has(key)) violations.push(`${name}: request body /${key} is not a field GitHub reads`);
        }
      }
    }

    return {
      operation: name,
      violations,
      response: (status, answer) => this.#response(route, method, op, name, status, answer),
    };
  }

  /** The top-level properties an object schema names (through $ref, allOf, anyOf, oneOf), or null for "any". */
  #propertyNames(schema: Json): Set<string> | null {
    const names = new Set<string>();
    let open = false;
    const walk = (node: unknown) => {
      const s = this.#resolve<Json>(node as Json);
      if (!s || typeof s !== "object") return;
      if (s.properties) for (const k of Object.keys(s.properties as Json)) names.add(k);
      else if (s.type === "object" && !s.allOf && !s.anyOf && !s.oneOf) open = true;
      if (s.additionalProperties !== undefined && s.additionalProperties !== false) open = true;
      for (const key of ["allOf", "anyOf", "oneOf"] as const)
        for (const sub of (s[key] as unknown[]) ?? []) walk(sub);
    };
    walk(schema);
    return open || names.size === 0 ? null : names;
  }

  #response(
    route: Route,
    method: string,
    op: Operation,
    name: string,
    status: number,
    body: unknown,
  ): string[] {
    const responses = op.responses ?? {};
    const described = responses[String(status)];
    if (!described) {
      // GitHub's description lists the error answers it documents, not all of them.
      return status < 300 ? [`${name}: answers ${status}, which GitHub does not describe`] : [];
    }
    const response = this.#resolve<Json>(described);
    const schema = (response.content as Record<string, { schema?: Json }> | undefined)?.["application/json"]
      ?.schema;
    if (!schema) {
      return body !== undefined && status < 300
        ? [`${name}: answers ${status} with a body GitHub does not describe`]
        : [];
    }
    if (body === undefined) return [`${name}: answers ${status} without the body GitHub describes`];
    const ref =
      "$ref" in described
        ? `rest#/${(described.$ref as string).replace(/^#\//, "")}/content/${pointer("application/json")}/schema`
        : `rest#/${pointer("paths", route.template, method.toLowerCase(), "responses", String(status), "content", "application/json")}/schema`;
    const validate = this.#validator(`${name}:${status}`, () => ({ $ref: ref }));
    return validate(body) ? [] : describe(validate.errors, `${name}: response ${status}`);
  }

  /** A webhook payload against GitHub's schema for its event and action. */
  webhook(event: string, payload: Record<string, unknown>): string[] {
    const variants = this.#webhookKeys.get(event);
    if (!variants) return [`webhook ${event}: GitHub describes no such event`];
    const action = typeof payload.action === "string" ? payload.action : "";
    let key = variants.get(action);
    // repository_dispatch's action is the dispatch's free-form event_type.
    if (!key && event === "repository_dispatch" && variants.size === 1) key = [...variants.values()][0];
    if (!key) return [`webhook ${event}.${action}: GitHub describes no such action`];
    const validate = this.#validator(`webhook:${key}`, () => ({
      $ref: `webhooks#/${pointer("webhooks", key, "post", "requestBody", "content", "application/json")}/schema`,
    }));
    return validate(payload) ? [] : describe(validate.errors, `webhook ${event}.${action}:`);
  }

  get graphqlSchema(): GraphQLSchema {
    if (!this.#graphqlSchema) {
      // @octokit/graphql-schema's own entry point reads both of its files at import; this reads one,
      // the SDL: its schema.json lags behind it (no sub-issues, no `CreateIssueInput.parentIssueId`).
      // GitHub's SDL defines a few fields twice, which graphql-js refuses unless told to assume it valid.
      const file = new URL("../node_modules/@octokit/graphql-schema/schema.graphql", import.meta.url);
      this.#graphqlSchema = buildSchema(readFileSync(file, "utf8"), { assumeValidSDL: true });
    }
    return this.#graphqlSchema;
  }

  /** A GraphQL document against GitHub's schema, and its variables against their declared types. */
  graphql(query: string, variables: Record<string, unknown> | undefined, operationName?: string): string[] {
    let document;
    try {
      document = parse(query);
    } catch (error) {
      return [`graphql: ${(error as Error).message}`];
    }
    const ops = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
    const label = `graphql ${op?.operation ?? "operation"} ${op?.name?.value ?? "(anonymous)"}`;
    const errors = validate(this.graphqlSchema, document).map((e) => `${label}: ${e.message}`);
    if (errors.length > 0 || !op) return errors;
    const coerced = getVariableValues(this.graphqlSchema, op.variableDefinitions ?? [], variables ?? {});
    return (coerced.errors ?? []).map((e) => `${label}: ${e.message}`);
  }
}

/**
 * OpenAPI 3.0's `nullable: true` for Ajv: Ajv reads it only beside a `type`, and does not add
 * null to an `enum` (GitHub's document has both, e.g. an issue's nullable `state_reason`).
 */
function openApi30ToJsonSchema<T>(node: T): T {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || typeof current !== "object") continue;
    if (Array.isArray(current)) {
      stack.push(...(current as unknown[]));
      continue;
    }
    const s = current as Json;
    if (s.nullable === true) {
      if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...(s.enum as unknown[]), null];
      if (s.type === undefined) {
        const rest: Json = { ...s };
        delete rest.nullable;
        for (const key of Object.keys(s)) delete s[key];
        s.anyOf = [{ type: "null" }, rest];
      }
    }
    stack.push(...Object.values(s));
  }
  return node;
}
