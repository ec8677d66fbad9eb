import { readFileSync } from "node:fs";
import { compileHtmlTemplate } from "../../text/template.js";
import { OverridableTemplates, type TemplateKind } from "../templates.js";

/** The built-in templates ship in the package's templates/status/ folder. */
const TEMPLATE_DIR = new URL("../../../templates/status/", import.meta.url);

/** The templates of the status site, each named after the file it renders (`<name>.hbs`). */
export const SITE_TEMPLATE_NAMES = [
  "index.html",
  "incident.html",
  "history.html",
  "month.html",
  "feed.atom",
] as const;
export type SiteTemplateName = (typeof SITE_TEMPLATE_NAMES)[number];

export function isSiteTemplateName(name: string): name is SiteTemplateName {
  return (SITE_TEMPLATE_NAMES as readonly string[]).includes(name);
}

const builtIn = new Map<SiteTemplateName, HandlebarsTemplateDelegate>();

function builtInTemplate(name: SiteTemplateName): HandlebarsTemplateDelegate {
  let template = builtIn.get(name);
  if (!template) {
    template = compileHtmlTemplate(readFileSync(new URL(`${name}.hbs`, TEMPLATE_DIR), "utf8"));
    builtIn.set(name, template);
  }
  return template;
}

const SITE: TemplateKind<SiteTemplateName> = {
  compile: compileHtmlTemplate,
  builtIn: builtInTemplate,
  finish: (out) => out,
};

/** The site's templates, with a repository's overrides (HTML-escaping, bounded, with fallback). */
export class SiteTemplates extends OverridableTemplates<SiteTemplateName> {
  constructor(sources: ReadonlyMap<SiteTemplateName, string> = new Map()) {
    super(SITE, sources);
  }
}

/** The stylesheet is a plain file: no values reach it. */
export function siteStylesheet(): string {
  return readFileSync(new URL("style.css", TEMPLATE_DIR), "utf8");
}
