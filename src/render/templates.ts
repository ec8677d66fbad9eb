import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";

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
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/**
 * Markdown out, so no HTML escaping (every value is made inert before it reaches a template);
 * strict, so a misspelt field is an error instead of an empty string; only known helpers, so a
 * template cannot call something that does not exist; no partials are registered, so `{{> x}}`
 * fails. Handlebars >= 4.7.9 refuses prototype access at run time.
 */
const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: true };
const RUNTIME_OPTIONS: RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

const handlebars = Handlebars.create();

export function compileTemplate(source: string): HandlebarsTemplateDelegate {
  const template = handlebars.compile(source, COMPILE_OPTIONS);
  // Compilation is lazy in Handlebars; force it so that errors surface here, not at render time.
  handlebars.precompile(source, COMPILE_OPTIONS);
  return template;
}

const inline = new Map<string, HandlebarsTemplateDelegate>();

/** Fills a one-line template from the configuration (mitigation inputs); throws on a missing value. */
export function renderInline(source: string, data: object): string {
  let template = inline.get(source);
  if (!template) {
    template = compileTemplate(source);
    if (inline.size > 500) inline.clear();
    inline.set(source, template);
  }
  return template(bare(data), RUNTIME_OPTIONS);
}

/**
 * A copy of the data whose objects have no prototype: strict mode then refuses `{{constructor}}`
 * or `{{toString}}` as the unknown fields they are, instead of finding them on Object.prototype.
 */
function bare(value: unknown): unknown {
  if (Array.isArray(value)) return Object.setPrototypeOf(value.map(bare), VIEW) as unknown[];
  if (value === null || typeof value !== "object") return value;
  const copy = Object.create(VIEW) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) copy[key] = bare(item);
  return copy;
}

/**
 * The prototype of the data templates see: nothing a template can name, only a way to be turned
 * into text for Handlebars' own error messages ("x" not defined in the view).
 */
const VIEW: object = Object.freeze(
  Object.create(null, { [Symbol.toPrimitive]: { value: () => "the view" } }),
);

const builtIn = new Map<TemplateName, HandlebarsTemplateDelegate>();

function builtInTemplate(name: TemplateName): HandlebarsTemplateDelegate {
  let template = builtIn.get(name);
  if (!template) {
    template = compileTemplate(readFileSync(new URL(`${name}.md.hbs`, TEMPLATE_DIR), "utf8"));
    builtIn.set(name, template);
  }
  return template;
}

export interface TemplateProblem {
  template: TemplateName;
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

/**
 * The templates a repository renders with: the built-in ones, each replaced by the repository's
 * own `.github/incident-response/templates/<name>.md.hbs` when it has one. An override that does
 * not compile or fails to render falls back to the built-in template, and the problem is kept
 * for the app to report.
 */
export class Templates {
  readonly #overrides = new Map<TemplateName, Override>();
  readonly problems: TemplateProblem[] = [];

  constructor(sources: ReadonlyMap<TemplateName, string> = new Map()) {
    for (const [name, source] of sources) {
      const digest = createHash("sha256").update(source).digest("hex").slice(0, 12);
      try {
        this.#overrides.set(name, { digest, compiled: compileTemplate(source), error: null });
      } catch (error) {
        this.#overrides.set(name, { digest, compiled: null, error: firstLine(error) });
      }
    }
  }

  render(name: TemplateName, view: object): string {
    const override = this.#overrides.get(name);
    if (override) {
      if (override.compiled) {
        try {
          return override.compiled(bare(view), RUNTIME_OPTIONS);
        } catch (error) {
          this.#problem(name, override.digest, firstLine(error));
        }
      } else {
        this.#problem(name, override.digest, override.error ?? "it does not compile");
      }
    }
    return builtInTemplate(name)(bare(view), RUNTIME_OPTIONS);
  }

  #problem(template: TemplateName, digest: string, problem: string): void {
    if (!this.problems.some((p) => p.template === template && p.digest === digest)) {
      this.problems.push({ template, digest, problem });
    }
  }
}

/** The built-in templates only. */
export const BUILT_IN = new Templates();
