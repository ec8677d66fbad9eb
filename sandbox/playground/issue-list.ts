import type { Label, Repo } from "../store.js";
import { escapeHtml } from "./escape-html.js";

const STYLE = `
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; }
.pg-list { max-width: 900px; margin: 24px auto; padding: 0 16px; }
.pg-list h1 { font-size: 24px; font-weight: 400; margin: 0 0 16px; }
.pg-issues { list-style: none; padding: 0; margin: 0; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.pg-issues li { padding: 8px 16px; border-top: 1px solid #d1d9e0; } .pg-issues li:first-child { border-top: 0; }
.pg-issues a { font-weight: 600; font-size: 16px; color: #1f2328; text-decoration: none; } .pg-issues a:hover { color: #0969da; }
.pg-sub { color: #59636e; font-size: 12px; }
.pg-state { display: inline-block; border-radius: 2em; padding: 0 8px; font-size: 12px; font-weight: 500; color: #fff; background: #1f883d; margin-right: 6px; } .pg-state.closed { background: #8250df; }
.pg-label { display: inline-block; padding: 0 7px; border-radius: 2em; font-size: 12px; font-weight: 500; line-height: 18px; margin-left: 4px; border: 1px solid rgba(0, 0, 0, .1); }
.pg-empty { padding: 16px; color: #59636e; }
`;

function label({ name, color }: Label): string {
  // Only six hex digits reach the style attribute; anything else is GitHub's grey.
  const hex = /^[0-9a-f]{6}$/i.test(color) ? color : "ededed";
  const n = parseInt(hex, 16);
  const light = ((n >> 16) & 255) * 0.299 + ((n >> 8) & 255) * 0.587 + (n & 255) * 0.114 > 150;
  return `<span class="pg-label" style="background:#${hex};color:${light ? "#1f2328" : "#fff"}">${escapeHtml(name)}</span>`;
}

/** `2026-03-02T14:03:09Z` as `2026-03-02 14:03 UTC`. */
const readable = (iso: string) => iso.replace("T", " ").replace(/:\d\dZ$/, " UTC");

/** A repository's issues, newest first, as a document whose body is the list. */
export function issueList(repo: Repo, basePath: string): string {
  const full = `${repo.owner.login}/${repo.name}`;
  const issues = repo.issues.filter((i) => !i.isPull).sort((a, b) => b.number - a.number);
  const items = issues.map((issue) => {
    const assignees = issue.assignees.map((a) => a.login).join(", ");
    return `<li><span class="pg-state${issue.state === "closed" ? " closed" : ""}">${issue.state === "closed" ? "Closed" : "Open"}</span><a href="${escapeHtml(`${basePath}/${issue.number}`)}">${escapeHtml(issue.title)}</a>${issue.labels.map(label).join("")}
<div class="pg-sub">#${issue.number} opened by ${escapeHtml(issue.user.login)} at ${escapeHtml(readable(issue.created_at))}${assignees ? ` · assigned to ${escapeHtml(assignees)}` : ""} · ${repo.comments.filter((c) => c.issueNumber === issue.number).length} comments</div></li>`;
  });
  const list = items.length
    ? `<ul class="pg-issues">${items.join("\n")}</ul>`
    : `<p class="pg-issues pg-empty">No issues yet: open one.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(full)}</title><style>${STYLE}</style></head><body><main class="pg-list"><h1>${escapeHtml(full)} · issues</h1>${list}</main></body></html>`;
}
