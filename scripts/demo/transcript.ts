import { marked } from "marked";
import type { Comment, Issue, Repo } from "../../sandbox/store.js";

export interface ThreadView {
  repo: Repo;
  issue: Issue;
  comments: Comment[];
}

function who(comment: { user: { login: string; type: string } }): string {
  return comment.user.type === "Bot" ? `${comment.user.login} (app)` : comment.user.login;
}

/** The threads as Markdown: what a person would read on GitHub, records included (they are hidden there). */
export function markdownTranscript(threads: ThreadView[], title: string): string {
  const parts = [`# ${title}`, ""];
  for (const { repo, issue, comments } of threads) {
    parts.push(
      `## ${repo.owner.login}/${repo.name}#${issue.number}: ${issue.title}`,
      "",
      `_${issue.state}; labels: ${issue.labels.map((l) => `\`${l.name}\``).join(", ") || "none"}; assignees: ${issue.assignees.map((a) => a.login).join(", ") || "none"}_`,
      "",
    );
    if (issue.body)
      parts.push(`### ${issue.user.login} opened it at ${issue.created_at}`, "", issue.body, "");
    for (const comment of comments) {
      parts.push(
        `### ${who(comment)} at ${comment.created_at}${comment.updated_at !== comment.created_at ? ` (edited ${comment.updated_at})` : ""}`,
        "",
        comment.body,
        "",
      );
    }
  }
  return parts.join("\n");
}

const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
main { max-width: 900px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 24px; } h2.issue { font-size: 26px; font-weight: 400; margin-top: 48px; border-bottom: 1px solid #d1d9e0; padding-bottom: 8px; }
h2.issue .num { color: #59636e; } .meta { color: #59636e; margin-bottom: 16px; }
.label { display: inline-block; padding: 0 7px; border-radius: 2em; font-size: 12px; font-weight: 500; line-height: 18px; margin-right: 4px; border: 1px solid rgba(0,0,0,.1); }
.state { display: inline-block; padding: 4px 12px; border-radius: 2em; color: #fff; background: #1f883d; font-weight: 500; margin-right: 8px; }
.state.closed { background: #8250df; }
.comment { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin: 16px 0; }
.comment.bot { border-color: #9a6700aa; }
.comment header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; border-radius: 6px 6px 0 0; color: #59636e; }
.comment header b { color: #1f2328; } .badge { border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 6px; font-size: 12px; margin-left: 4px; }
.comment .body { padding: 8px 16px; overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #d1d9e0; padding: 4px 10px; } tr:nth-child(2n) { background: #f6f8fa; }
code { background: #eff1f3; padding: .2em .4em; border-radius: 6px; font-size: 85%; } pre { background: #f6f8fa; padding: 12px; border-radius: 6px; overflow: auto; } pre code { background: none; padding: 0; }
blockquote { color: #59636e; border-left: .25em solid #d1d9e0; margin: 0; padding: 0 1em; }
.reactions { padding: 0 16px 8px; } .reaction { display: inline-block; border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 8px; margin-right: 4px; font-size: 12px; }
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

/** Renders Markdown as GitHub shows a comment: line breaks kept, hidden records hidden. */
function renderMarkdown(markdown: string): string {
  const visible = markdown.replace(/<!--[\s\S]*?-->/g, "");
  return marked.parse(visible, { gfm: true, breaks: true, async: false }) as string;
}

function labelStyle(color: string): string {
  const n = parseInt(color, 16);
  const light = ((n >> 16) & 255) * 0.299 + ((n >> 8) & 255) * 0.587 + (n & 255) * 0.114 > 150;
  return `background:#${color};color:${light ? "#1f2328" : "#fff"}`;
}

/** One self-contained page that reads like the GitHub issue threads. */
export function htmlTranscript(threads: ThreadView[], title: string): string {
  const sections = threads.map(({ repo, issue, comments }) => {
    const labels = issue.labels
      .map((l) => `<span class="label" style="${labelStyle(l.color)}">${escapeHtml(l.name)}</span>`)
      .join("");
    const items = [
      ...(issue.body
        ? [
            {
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
        .map(([k, n]) => `<span class="reaction">${EMOJI[k] ?? k} ${n}</span>`)
        .join("");
      return `<article class="comment${bot ? " bot" : ""}"><header><b>${escapeHtml(c.user.login)}</b>${bot ? '<span class="badge">bot</span>' : ""} commented at ${escapeHtml(c.created_at)}${c.updated_at !== c.created_at ? " (edited)" : ""}</header><div class="body">${renderMarkdown(c.body)}</div>${reactions ? `<div class="reactions">${reactions}</div>` : ""}</article>`;
    });
    return `<section><h2 class="issue">${escapeHtml(issue.title)} <span class="num">${escapeHtml(`${repo.owner.login}/${repo.name}#${issue.number}`)}</span></h2>
<div class="meta"><span class="state${issue.state === "closed" ? " closed" : ""}">${issue.state === "closed" ? "Closed" : "Open"}</span>${labels} Assignees: ${escapeHtml(issue.assignees.map((a) => a.login).join(", ") || "none")}</div>
${items.join("\n")}</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${sections.join("\n")}</main></body></html>\n`;
}
