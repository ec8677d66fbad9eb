import { readFileSync } from "node:fs";
import Handlebars from "handlebars";

/** The built-in templates ship in the package's templates/ folder, beside src/ and lib/. */
const TEMPLATE_DIR = new URL("../../templates/", import.meta.url);

export const TEMPLATE_NAMES = ["incident-log", "help", "evidence"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/**
 * Markdown out, so no HTML escaping (every value is made inert before it reaches a template);
 * strict, so a misspelt field is an error instead of an empty string; only known helpers, so a
 * template cannot call something that does not exist. Handlebars >= 4.7.9 refuses prototype
 * access at run time.
 */
const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: true };

const handlebars = Handlebars.create();
const builtIn = new Map<TemplateName, HandlebarsTemplateDelegate>();

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
  return template(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}

export function render(name: TemplateName, view: object): string {
  let template = builtIn.get(name);
  if (!template) {
    template = compileTemplate(readFileSync(new URL(`${name}.md.hbs`, TEMPLATE_DIR), "utf8"));
    builtIn.set(name, template);
  }
  return template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}
