import { copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Marked, type Token, type Tokens } from "marked";
import type { Comment, Issue, Repo } from "../../sandbox/store.js";
import { RECORD, safeBody, safeLabelColor } from "./safe-markdown.js";

export interface ThreadView {
  repo: Repo;
  issue: Issue;
  comments: Comment[];
}

/** mermaid's browser build, which the HTML transcript loads from beside itself. */
export const MERMAID_FILE = "mermaid.min.js";

/**
 * Copies mermaid's browser build next to the HTML transcript, so that its charts are drawn with
 * no network. False when the package is not installed (the page then shows the charts' code).
 */
export function copyMermaidBundle(dir: string): boolean {
  try {
    const bundle = createRequire(import.meta.url).resolve(`mermaid/dist/${MERMAID_FILE}`);
    copyFileSync(bundle, join(dir, MERMAID_FILE));
    return true;
  } catch {
    return false;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "14:05 UTC, 26 Nov 2026": how people read a time, with the time of day first. */
export function readableTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const clock = at.toISOString().slice(11, 16);
  return `${clock} UTC, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
}

function who(comment: { user: { login: string; type: string } }): string {
  return comment.user.type === "Bot" ? `${comment.user.login} (app)` : comment.user.login;
}

/**
 * The threads as Markdown: what a person would read on GitHub, records included (they are hidden
 * there), with the anchors and links within the transcript that the HTML has.
 */
/** A message the app sent outside GitHub during the run (to a local Slack-shaped receiver). */
export interface SentMessage {
  channel: string;
  at: string;
  /** The message's plain-text fallback, as the channel's notification shows it. */
  text: string;
}

export function markdownTranscript(threads: ThreadView[], title: string, sent: SentMessage[] = []): string {
  const parts = [`# ${title}`, ""];
  const linked = (body: string) => linkedWithin(body, threads);
  for (const { repo, issue, comments } of threads) {
    parts.push(
      `## <a id="${issueAnchor(repo, issue.number)}"></a>${repo.owner.login}/${repo.name}#${issue.number}: ${issue.title}`,
      "",
      `_${issue.state}; labels: ${issue.labels.map((l) => `\`${l.name}\``).join(", ") || "none"}; assignees: ${issue.assignees.map((a) => a.login).join(", ") || "none"}_`,
      "",
    );
    if (issue.body)
      parts.push(
        `### ${issue.user.login} opened it at ${readableTime(issue.created_at)}`,
        "",
        linked(issue.body),
        "",
      );
    for (const comment of comments) {
      parts.push(
        `### <a id="${commentAnchor(comment.id)}"></a>${who(comment)} at ${readableTime(comment.created_at)}${comment.updated_at !== comment.created_at ? ` (edited ${readableTime(comment.updated_at)})` : ""}`,
        "",
        linked(comment.body),
        "",
      );
    }
  }
  if (sent.length > 0) {
    parts.push("## Sent outside GitHub", "");
    for (const message of sent)
      parts.push(
        `**${message.channel}** at ${readableTime(message.at)}`,
        "",
        "```text",
        message.text.replaceAll("```", "ʼʼʼ"),
        "```",
        "",
      );
  }
  return parts.join("\n");
}

// Its own instance: the HTML renderer's `marked` stays as `markdownRenderer` sets it up.
const linkLexer = new Marked({ gfm: true });

/** The token lists inside a token, in the order of the source. */
function childTokens(token: Token): Token[][] {
  if (token.type === "table") {
    const table = token as Tokens.Table;
    return [...table.header, ...table.rows.flat()].map((cell) => cell.tokens);
  }
  if (token.type === "list") return (token as Tokens.List).items.map((item) => item.tokens);
  return "tokens" in token && token.tokens ? [token.tokens] : [];
}

/** A link of the Markdown transcript that goes to an anchor (a string) or nowhere (null), as Markdown. */
function markdownLink(link: Tokens.Link, target: string | null): string {
  if (target !== null) return `[${link.text}](#${target})`;
  // A bare address as plain text would be made a link again by GitHub.
  return link.raw === link.text || link.raw === `<${link.text}>` ? `\`${link.text}\`` : link.text;
}

/**
 * A body with its links to the stand-in, which stops with the demo, as the HTML transcript has
 * them: to the transcript's anchors, or plain text (`transcriptTarget`). Everything else, code and
 * hidden records included, stays as written.
 */
function linkedWithin(markdown: string, threads: ThreadView[]): string {
  const source = markdown.replace(/\r\n?/g, "\n");
  let out = "";
  let at = 0;
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (!["link", "image", "code", "codespan", "html"].includes(token.type)) {
        for (const children of childTokens(token)) visit(children);
        continue;
      }
      // Found in order, from the end of the last one, so that the same text in code is not taken.
      const start = source.indexOf(token.raw, at);
      if (start < 0) continue;
      const target =
        token.type === "link" ? transcriptTarget((token as Tokens.Link).href, threads) : undefined;
      out +=
        source.slice(at, start) +
        (target === undefined ? token.raw : markdownLink(token as Tokens.Link, target));
      at = start + token.raw.length;
    }
  };
  visit(linkLexer.lexer(source));
  return out + source.slice(at);
}

const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
main { max-width: 900px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 24px; } h2.issue { font-size: 26px; font-weight: 400; margin-top: 48px; border-bottom: 1px solid #d1d9e0; padding-bottom: 8px; }
h2.issue .num { color: #59636e; text-decoration: none; } .meta { color: #59636e; margin-bottom: 16px; }
.label { display: inline-block; padding: 0 7px; border-radius: 2em; font-size: 12px; font-weight: 500; line-height: 18px; margin-right: 4px; border: 1px solid rgba(0,0,0,.1); }
.state { display: inline-block; padding: 4px 12px; border-radius: 2em; color: #fff; background: #1f883d; font-weight: 500; margin-right: 8px; }
.state.closed { background: #8250df; }
.comment { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin: 16px 0; }
.comment.bot { border-color: #9a6700aa; }
.comment header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; border-radius: 6px 6px 0 0; color: #59636e; }
.comment header b { color: #1f2328; } .comment header a { color: inherit; } .badge { border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 6px; font-size: 12px; margin-left: 4px; }
.comment .body { padding: 8px 16px; min-width: 0; overflow-wrap: break-word; }
.table-scroll, .chart { overflow-x: auto; margin: 8px 0; } .chart svg { min-width: 600px; }
table { border-collapse: collapse; } td, th { border: 1px solid #d1d9e0; padding: 4px 10px; } tr:nth-child(2n) { background: #f6f8fa; }
code { background: #eff1f3; padding: .2em .4em; border-radius: 6px; font-size: 85%; } pre { background: #f6f8fa; padding: 12px; border-radius: 6px; overflow: auto; } pre code { background: none; padding: 0; }
blockquote { color: #59636e; border-left: .25em solid #d1d9e0; margin: 0; padding: 0 1em; }
.gone { border-bottom: 1px dotted #59636e; } .chart-note { color: #59636e; font-style: italic; }
.reactions { padding: 0 16px 8px; } .reaction { display: inline-block; border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 8px; margin-right: 4px; font-size: 12px; }
@media (max-width: 600px) { main { padding: 0 8px; } h2.issue { font-size: 20px; } .comment header, .comment .body { padding-left: 8px; padding-right: 8px; } }
`;

/**
 * Draws each Mermaid block with the bundle beside the page; a block that cannot be drawn keeps
 * its code, with a note saying why, so the page never shows less than the thread did.
 */
const DRAW_CHARTS = `
(async () => {
  const blocks = [...document.querySelectorAll("pre > code.language-mermaid")];
  const note = (pre, why) => {
    const p = document.createElement("p");
    p.className = "chart-note";
    p.textContent = "The chart could not be drawn (" + why + "); its code:";
    pre.before(p);
  };
  if (typeof mermaid === "undefined") {
    for (const code of blocks) note(code.parentElement, "${MERMAID_FILE} is not beside this page");
    return;
  }
  // A gantt is laid out for the width of the page it is drawn on: on a phone its hours would
  // overlap, so it is laid out wide and scrolls instead.
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", gantt: { useWidth: 800 } });
  for (const [index, code] of blocks.entries()) {
    const pre = code.parentElement;
    const id = "chart-" + index;
    try {
      const { svg } = await mermaid.render(id, code.textContent);
      const chart = document.createElement("div");
      chart.className = "chart";
      chart.innerHTML = svg;
      pre.replaceWith(chart);
    } catch (error) {
      // mermaid leaves its error drawing in the page.
      document.getElementById("d" + id)?.remove();
      note(pre, error instanceof Error ? error.message.split("\\n")[0] : String(error));
    }
  }
})();
`;

const EMOJI: Record<string, string> = {
  "+1": "👍",
  "-1": "👎",
  confused: "😕",
  eyes: "👀",
  rocket: "🚀",
  heart: "❤️",
  hooray: "🎉",
  laugh: "😄",
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The id of an issue's section in the transcript. */
export function issueAnchor(repo: { owner: { login: string }; name: string }, number: number): string {
  return `${repo.owner.login}-${repo.name}-${number}`.toLowerCase().replace(/[^a-z0-9_-]/g, "-");
}

/** The id of a comment in the transcript: GitHub's fragment for it. */
export function commentAnchor(id: number): string {
  return `issuecomment-${id}`;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Where a link goes in the transcript. The stand-in listens on a random local port and stops
 * with the demo, so its links would be dead: those to an issue or comment of the transcript go
 * to its anchor (a string), the rest to nothing (null). Other links stay (undefined).
 */
export function transcriptTarget(href: string, threads: ThreadView[]): string | null | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (!LOOPBACK.has(url.hostname)) return undefined;
  const path = /^\/([^/]+)\/([^/]+)\/(?:issues|pull)\/(\d+)\/?$/.exec(url.pathname);
  if (!path) return null;
  const [, owner = "", name = "", number = ""] = path;
  const thread = threads.find(
    (t) =>
      t.issue.number === Number(number) &&
      t.repo.owner.login.toLowerCase() === owner.toLowerCase() &&
      t.repo.name.toLowerCase() === name.toLowerCase(),
  );
  if (!thread) return null;
  const comment = /^#issuecomment-(\d+)$/.exec(url.hash);
  if (comment && thread.comments.some((c) => c.id === Number(comment[1])))
    return commentAnchor(Number(comment[1]));
  return issueAnchor(thread.repo, thread.issue.number);
}

/**
 * Renders Markdown as GitHub shows a comment (line breaks kept, hidden records hidden), linking
 * within the transcript. Raw HTML passes through as GitHub's sanitiser would leave it, so a body
 * with other HTML, or a script link, is shown as its source (`safeBody`): what people type is
 * never run by the page.
 */
function markdownRenderer(threads: ThreadView[]): (markdown: string) => string {
  const marked = new Marked({ gfm: true, breaks: true, async: false });
  marked.use({
    renderer: {
      link(token: Tokens.Link) {
        const target = transcriptTarget(token.href, threads);
        if (target === undefined) return false;
        const text = this.parser.parseInline(token.tokens);
        return target === null
          ? `<span class="gone" title="${escapeHtml(`${new URL(token.href).pathname} on the GitHub stand-in, which stopped with the demo`)}">${text}</span>`
          : `<a href="#${target}">${text}</a>`;
      },
    },
    hooks: {
      // Wide tables scroll inside their comment rather than widen the page on a phone.
      postprocess: (html: string) =>
        html.replace(/<table>/g, '<div class="table-scroll"><table>').replace(/<\/table>/g, "</table></div>"),
    },
  });
  return (markdown) => marked.parse(safeBody(markdown).replace(RECORD, ""), { async: false });
}

function labelStyle(color: string): string {
  color = safeLabelColor(color);
  const n = parseInt(color, 16);
  const light = ((n >> 16) & 255) * 0.299 + ((n >> 8) & 255) * 0.587 + (n & 255) * 0.114 > 150;
  return `background:#${color};color:${light ? "#1f2328" : "#fff"}`;
}

function timeTag(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(readableTime(iso))}</time>`;
}

/** One page that reads like the GitHub issue threads; it draws charts with `MERMAID_FILE` from beside it. */
export function htmlTranscript(threads: ThreadView[], title: string, sent: SentMessage[] = []): string {
  const render = markdownRenderer(threads);
  const sections = threads.map(({ repo, issue, comments }) => {
    const anchor = issueAnchor(repo, issue.number);
    const labels = issue.labels
      .map((l) => `<span class="label" style="${labelStyle(l.color)}">${escapeHtml(l.name)}</span>`)
      .join("");
    const items = [
      ...(issue.body
        ? [
            {
              id: null,
              user: issue.user,
              created_at: issue.created_at,
              updated_at: issue.created_at,
              body: issue.body,
              reactions: [] as Comment["reactions"],
            },
          ]
        : []),
      ...comments,
    ].map((c) => {
      const bot = c.user.type === "Bot";
      const counts = new Map<string, number>();
      for (const r of c.reactions) counts.set(r.content, (counts.get(r.content) ?? 0) + 1);
      const reactions = [...counts]
        .map(([k, n]) => `<span class="reaction">${EMOJI[k] ?? escapeHtml(k)} ${n}</span>`)
        .join("");
      const id = c.id === null ? null : commentAnchor(c.id);
      const when = id ? `<a href="#${id}">${timeTag(c.created_at)}</a>` : timeTag(c.created_at);
      const edited = c.updated_at !== c.created_at ? ` (edited ${timeTag(c.updated_at)})` : "";
      return `<article class="comment${bot ? " bot" : ""}"${id ? ` id="${id}"` : ""}><header><b>${escapeHtml(c.user.login)}</b>${bot ? '<span class="badge">bot</span>' : ""} ${c.id === null ? "opened this issue" : "commented"} ${when}${edited}</header><div class="body">${render(c.body)}</div>${reactions ? `<div class="reactions">${reactions}</div>` : ""}</article>`;
    });
    return `<section id="${anchor}"><h2 class="issue">${escapeHtml(issue.title)} <a class="num" href="#${anchor}">${escapeHtml(`${repo.owner.login}/${repo.name}#${issue.number}`)}</a></h2>
<div class="meta"><span class="state${issue.state === "closed" ? " closed" : ""}">${issue.state === "closed" ? "Closed" : "Open"}</span>${labels} Assignees: ${escapeHtml(issue.assignees.map((a) => a.login).join(", ") || "none")}</div>
${items.join("\n")}</section>`;
  });
  if (sent.length > 0)
    sections.push(
      `<section id="sent"><h2 class="issue">Sent outside GitHub</h2>${sent
        .map(
          (m) =>
            `<article class="comment bot"><header><b>${escapeHtml(m.channel)}</b> ${timeTag(m.at)}</header><div class="body"><pre>${escapeHtml(m.text)}</pre></div></article>`,
        )
        .join("\n")}</section>`,
    );
  const body = sections.join("\n");
  const charts = body.includes('class="language-mermaid"')
    ? `<script src="${MERMAID_FILE}"></script><script>${DRAW_CHARTS}</script>`
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main>${charts}</body></html>\n`;
}
