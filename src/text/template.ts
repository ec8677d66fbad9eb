import Handlebars from "handlebars";
import { BODY_LIMIT } from "./inert.js";

/**
 * The template language, bounded: configuration checks that a template compiles and render fills
 * the named templates with it, so it sits below both, with the rest of the text tools.
 */

/**
 * Markdown out, so no HTML escaping (every value is made inert before it reaches a template);
 * strict, so a misspelt field is an error instead of an empty string; only known helpers, so a
 * template cannot call something that does not exist; no partials are registered, so `{{> x}}`
 * fails. Handlebars >= 4.7.9 refuses prototype access at run time.
 */
const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: true };

/**
 * HTML (and XML: Handlebars writes `'`, `` ` `` and `=` as character references, which XML reads
 * too) out: the same rules, with Handlebars' escaping of every `{{value}}`. The only ways around
 * that escaping are `{{{value}}}` and `{{& value}}`, which checkShape refuses in these templates,
 * built-in ones included: so no value of the view, whatever its source, becomes markup.
 */
const HTML_COMPILE_OPTIONS: CompileOptions = { ...COMPILE_OPTIONS, noEscape: false };
const RUNTIME_OPTIONS: RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

const handlebars = Handlebars.create();

/**
 * What a template taken from a repository or its configuration may cost. Blocks that repeat
 * (`each`, or a block over a list) multiply each other's work, so their nesting is limited when
 * the template is compiled; at render time every iteration and every value read is counted, and
 * output is measured inside each loop, so rendering stops long before memory or time run out.
 */
export const TEMPLATE_LIMITS = {
  /** Repeating blocks inside one another. */
  nesting: 3,
  /** Values read plus their length in characters, plus iterations, in one rendering. */
  work: 1_000_000,
  /** Characters of output, here or inside any loop: room for a few comments' worth. */
  output: 4 * BODY_LIMIT,
} as const;

/** The budget of the rendering in progress (rendering is synchronous); null: a built-in template. */
let budget: { work: number } | null = null;

function spend(units: number): void {
  if (!budget) return;
  budget.work += units;
  if (budget.work > TEMPLATE_LIMITS.work)
    throw new Error(`it does more than ${TEMPLATE_LIMITS.work} steps of work`);
}

function checkOutput(length: number): void {
  if (budget && length > TEMPLATE_LIMITS.output)
    throw new Error(`its output is over ${TEMPLATE_LIMITS.output} characters`);
}

const builtInEach = handlebars.helpers.each!;
handlebars.registerHelper(
  "each",
  function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
    if (!budget) return builtInEach.call(this, context, options) as string;
    const fn = options.fn;
    let length = 0;
    const counted = (item: unknown, frame?: RuntimeOptions): string => {
      spend(1);
      const out = fn(item, frame);
      length += out.length;
      checkOutput(length);
      return out;
    };
    return builtInEach.call(this, context, { ...options, fn: counted }) as string;
  },
);

/** Blocks that render their body at most once. */
const ONCE = new Set(["if", "unless", "with"]);

/**
 * Refuses what no template needs and what would escape the budget: partials (inline ones can
 * call each other without a loop, doubling the work at each level), decorators, and repeating
 * blocks nested deeper than the limit.
 */
function checkShape(source: string, html = false): void {
  const walk = (node: hbs.AST.Node, depth: number): void => {
    switch (node.type) {
      case "MustacheStatement":
        if (html && !(node as hbs.AST.MustacheStatement).escaped)
          throw new Error("{{{ }}} and {{& }} are not available: every value of a page is escaped");
        return;
      case "Program":
        for (const child of (node as hbs.AST.Program).body) walk(child, depth);
        return;
      case "PartialStatement":
      case "PartialBlockStatement":
        throw new Error(`partial ${nameOf(node)} is not available: templates have no partials`);
      case "Decorator":
      case "DecoratorBlock":
        throw new Error(`decorator ${nameOf(node)} is not available`);
      case "BlockStatement": {
        const block = node as hbs.AST.BlockStatement;
        const name =
          block.path.type === "PathExpression" ? (block.path as hbs.AST.PathExpression).original : "";
        const inner = ONCE.has(name) ? depth : depth + 1;
        if (inner > TEMPLATE_LIMITS.nesting)
          throw new Error(`repeating blocks are nested more than ${TEMPLATE_LIMITS.nesting} deep`);
        walk(block.program, inner);
        // `{{else if}}` and `{{else each}}` are written as a block inside the inverse: beside
        // this block, not inside it.
        if (block.inverse)
          walk(block.inverse, (block.inverse as { chained?: boolean }).chained ? depth : inner);
        return;
      }
      default:
        return;
    }
  };
  walk(handlebars.parse(source), 0);
}

function nameOf(node: hbs.AST.Node): string {
  const name = (node as { name?: { original?: unknown } }).name?.original;
  return typeof name === "string" ? `"${name.slice(0, 40)}"` : "";
}

export function compileTemplate(source: string): HandlebarsTemplateDelegate {
  checkShape(source);
  const template = handlebars.compile(source, COMPILE_OPTIONS);
  // Compilation is lazy in Handlebars; force it so that errors surface here, not at render time.
  handlebars.precompile(source, COMPILE_OPTIONS);
  return template;
}

/**
 * An HTML or Atom template: like compileTemplate, with every value escaped and the unescaped
 * forms refused. Render it with renderBounded or renderTrusted as any other.
 */
export function compileHtmlTemplate(source: string): HandlebarsTemplateDelegate {
  checkShape(source, true);
  const template = handlebars.compile(source, HTML_COMPILE_OPTIONS);
  handlebars.precompile(source, HTML_COMPILE_OPTIONS);
  return template;
}

/** Renders a template that came from a repository within TEMPLATE_LIMITS; throws past them. */
export function renderBounded(template: HandlebarsTemplateDelegate, data: object): string {
  const outer = budget;
  budget = { work: 0 };
  try {
    const out = template(bare(data, true), RUNTIME_OPTIONS);
    checkOutput(out.length);
    return out;
  } finally {
    budget = outer;
  }
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
  return renderBounded(template, data);
}

/**
 * A copy of the data whose objects have no prototype: strict mode then refuses `{{constructor}}`
 * or `{{toString}}` as the unknown fields they are, instead of finding them on Object.prototype.
 * Metered (for templates from a repository), every read is charged to the rendering's budget.
 */
function bare(value: unknown, metered = false): unknown {
  if (value === null || typeof value !== "object") return value;
  let copy: object;
  if (Array.isArray(value))
    copy = Object.setPrototypeOf(
      value.map((item) => bare(item, metered)),
      VIEW,
    ) as unknown[];
  else {
    const object = Object.create(VIEW) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) object[key] = bare(item, metered);
    copy = object;
  }
  return metered ? new Proxy(copy, METERED) : copy;
}

const METERED: ProxyHandler<object> = {
  get(target, key, receiver) {
    const value: unknown = Reflect.get(target, key, receiver);
    spend(typeof value === "string" ? 1 + value.length : 1);
    return value;
  },
};

/**
 * The prototype of the data templates see: nothing a template can name, only a way to be turned
 * into text for Handlebars' own error messages ("x" not defined in the view).
 */
const VIEW: object = Object.freeze(
  Object.create(null, { [Symbol.toPrimitive]: { value: () => "the view" } }),
);

/** Renders a template the app ships: trusted, so not metered, but it sees bare data like any other. */
export function renderTrusted(template: HandlebarsTemplateDelegate, data: object): string {
  return template(bare(data), RUNTIME_OPTIONS);
}
