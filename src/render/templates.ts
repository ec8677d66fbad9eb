import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { neutralise } from "../timeline/record.js";
import { compileTemplate, renderBounded, renderTrusted } from "../text/template.js";

/** The built-in templates ship in the package's templates/ folder, beside src/ and lib/. */
const TEMPLATE_DIR = new URL("../../templates/", import.meta.url);

export const TEMPLATE_NAMES = [
  "incident-log",
  "help",
  "evidence",
  "status-update",
  "reminder",
  "postmortem",
  "follow-up",
  "alert-issue",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

const builtIn = new Map<TemplateName, HandlebarsTemplateDelegate>();

function builtInTemplate(name: TemplateName): HandlebarsTemplateDelegate {
  let template = builtIn.get(name);
  if (!template) {
    template = compileTemplate(readFileSync(new URL(`${name}.md.hbs`, TEMPLATE_DIR), "utf8"));
    builtIn.set(name, template);
  }
  return template;
}

export interface TemplateProblem<Name extends string = TemplateName> {
  template: Name;
  /** Identifies the broken source, so the same problem is reported once. */
  digest: string;
  problem: string;
}

interface Override {
  digest: string;
  compiled: HandlebarsTemplateDelegate | null;
  error: string | null;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
}

/** A family of named templates: how its sources compile, its built-in ones, and a last pass. */
export interface TemplateKind<Name extends string> {
  compile: (source: string) => HandlebarsTemplateDelegate;
  builtIn: (name: Name) => HandlebarsTemplateDelegate;
  /** Applied to every output, the built-in templates' too. */
  finish: (out: string) => string;
}

/**
 * Built-in templates, each replaced by a repository's own source when it has one. An override
 * that does not compile or fails to render (over TEMPLATE_LIMITS included) falls back to the
 * built-in template, and the problem is kept for the app to report.
 */
export class OverridableTemplates<Name extends string> {
  readonly #kind: TemplateKind<Name>;
  readonly #overrides = new Map<Name, Override>();
  readonly problems: Array<TemplateProblem<Name>> = [];

  constructor(kind: TemplateKind<Name>, sources: ReadonlyMap<Name, string> = new Map()) {
    this.#kind = kind;
    for (const [name, source] of sources) {
      const digest = createHash("sha256").update(source).digest("hex").slice(0, 12);
      try {
        this.#overrides.set(name, { digest, compiled: kind.compile(source), error: null });
      } catch (error) {
        this.#overrides.set(name, { digest, compiled: null, error: firstLine(error) });
      }
    }
  }

  render(name: Name, view: object): string {
    const override = this.#overrides.get(name);
    if (override) {
      if (override.compiled) {
        try {
          return this.#kind.finish(renderBounded(override.compiled, view));
        } catch (error) {
          this.#problem(name, override.digest, firstLine(error));
        }
      } else {
        this.#problem(name, override.digest, override.error ?? "it does not compile");
      }
    }
    return this.#kind.finish(renderTrusted(this.#kind.builtIn(name), view));
  }

  #problem(template: Name, digest: string, problem: string): void {
    if (!this.problems.some((p) => p.template === template && p.digest === digest)) {
      this.problems.push({ template, digest, problem });
    }
  }
}

const MARKDOWN: TemplateKind<TemplateName> = {
  compile: compileTemplate,
  builtIn: builtInTemplate,
  finish: neutralise,
};

/**
 * The templates a repository renders with: the built-in ones, each replaced by the repository's
 * own `.github/incident-response/templates/<name>.md.hbs` when it has one.
 */
export class Templates extends OverridableTemplates<TemplateName> {
  constructor(sources: ReadonlyMap<TemplateName, string> = new Map()) {
    super(MARKDOWN, sources);
  }
}

/** The built-in templates only. */
export const BUILT_IN = new Templates();
