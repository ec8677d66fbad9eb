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
          return neutralise(renderBounded(override.compiled, view));
        } catch (error) {
          this.#problem(name, override.digest, firstLine(error));
        }
      } else {
        this.#problem(name, override.digest, override.error ?? "it does not compile");
      }
    }
    return neutralise(renderTrusted(builtInTemplate(name), view));
  }

  #problem(template: TemplateName, digest: string, problem: string): void {
    if (!this.problems.some((p) => p.template === template && p.digest === digest)) {
      this.problems.push({ template, digest, problem });
    }
  }
}

/** The built-in templates only. */
export const BUILT_IN = new Templates();
