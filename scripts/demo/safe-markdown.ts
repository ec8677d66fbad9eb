import { Marked, type Token } from "marked";

/**
 * What the transcript shows as HTML of what people wrote: the one rule for the demo's
 * `transcript.html` and the playground's pages, which are drawn by the same renderer.
 *
 * Tags GitHub keeps and the app writes (`<sub>`, `<br>` in tables, `<details>`) are harmless
 * without attributes. A body with any other HTML, or a link that is not to a web page, an address
 * or an anchor, is shown as its source.
 */
const KEPT_TAG =
  /^<\/?(?:b|i|em|strong|sub|sup|br|hr|p|details|summary|code|kbd|ins|del|s|small|ul|ol|li)\s*\/?>$/i;
const SAFE_HREF = /^(?:https?:\/\/|mailto:|#|\/|\.{1,2}\/|[^:&]*$)/i;
const HEX_COLOR = /^[0-9a-f]{6}$/i;

// Its own instance: the transcript's `marked` stays as its module set it up.
const lexer = new Marked({ gfm: true, breaks: true });

/** A hidden record (or any HTML comment): inert in a page, and removed by the transcript. */
export const RECORD = /<!--[\s\S]*?-->/g;

function rawHtmlIsKept(html: string): boolean {
  return html
    .replace(RECORD, "")
    .split(/(<[^<>]*>)/)
    .every((part) => (part.startsWith("<") ? KEPT_TAG.test(part) : !part.includes("<")));
}

function tokenIsSafe(token: Token): boolean {
  if (token.type === "html") return rawHtmlIsKept(token.raw);
  if (token.type === "link" || token.type === "image") return SAFE_HREF.test(token.href.trim());
  return true;
}

/** Whether Markdown renders to HTML with no tag, attribute or link a person could use to run script. */
export function rendersSafely(markdown: string): boolean {
  // Checked as written and as the transcript reads it (hidden records removed), since removing a
  // record can join the halves of a tag.
  return [markdown, markdown.replace(RECORD, "")].every((source) => {
    let safe = true;
    lexer.walkTokens(lexer.lexer(source), (token) => {
      if (!tokenIsSafe(token)) safe = false;
    });
    return safe;
  });
}

/** A body that would not render safely, as a code block of its source. */
function shownAsSource(markdown: string): string {
  const longest = Math.max(2, ...(markdown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  // The transcript removes hidden records before it reads the Markdown; with no `<!--` left, it
  // cannot remove the closing fence.
  let visible = markdown.replace(RECORD, "");
  while (visible.includes("<!--")) visible = visible.replaceAll("<!--", "");
  return `_Shown as source: it holds HTML the transcript does not render._\n\n${fence}text\n${visible}\n${fence}`;
}

/**
 * The body as the transcript may render it: as written when it renders safely, else as a code
 * block of its source (hidden records removed), which the renderer escapes.
 */
export function safeBody(markdown: string): string {
  return rendersSafely(markdown) ? markdown : shownAsSource(markdown);
}

/** A label's colour for a style attribute: its six hex digits, or GitHub's default grey. */
export function safeLabelColor(color: string): string {
  return HEX_COLOR.test(color) ? color : "ededed";
}
