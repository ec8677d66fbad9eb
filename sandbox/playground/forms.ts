import type { ActingPerson } from "./acting-people.js";
import { escapeHtml } from "./escape-html.js";

const ROLE_NOTE: Record<string, string> = {
  read: "read only: commands are refused",
  triage: "triage: commands are refused",
  bot: "a bot: the app ignores it",
};

function personSelect(label: string, people: ActingPerson[]): string {
  // A writer first, so that typing a command right away shows it working.
  const preferred = people.find((p) => p.role === "write") ?? people[0];
  const options = people
    .map(
      (p) =>
        `<option value="${escapeHtml(p.login)}"${p === preferred ? " selected" : ""}>${escapeHtml(`${p.login} (${ROLE_NOTE[p.role] ?? p.role})`)}</option>`,
    )
    .join("");
  return `<label>${escapeHtml(label)} <select name="as">${options}</select></label>`;
}

function form(action: string, token: string, inner: string, button: string): string {
  return `<form class="pg-form" method="post" action="${escapeHtml(action)}"><input type="hidden" name="token" value="${escapeHtml(token)}">${inner}<button type="submit">${escapeHtml(button)}</button><span class="pg-status" role="status" aria-live="polite"></span></form>`;
}

const COMMAND_HINT = `<p class="pg-hint">Try <code>/commander me</code>, <code>/status Rolling back ETA 15-30 min</code>, <code>/mitigate rollback</code>, <code>/help</code>. Ctrl+Enter sends.</p>`;

/** Beside an issue: comment on it, or add a label, as one of the people. */
export function issueForms(
  issuePath: string,
  token: string,
  people: ActingPerson[],
  labels: string[],
): string {
  const suggestions = [...new Set(["sev1", "sev2", "sev3", "sev4", ...labels])]
    .map((name) => `<option value="${escapeHtml(name)}"></option>`)
    .join("");
  return [
    form(
      `${issuePath}/comments`,
      token,
      `<h2 id="pg-comment">Comment</h2>${personSelect("Comment as", people)}<label>Comment <textarea name="body" required placeholder="/commander me"></textarea></label>${COMMAND_HINT}`,
      "Comment",
    ),
    form(
      `${issuePath}/labels`,
      token,
      `<h2>Add a label</h2>${personSelect("Label as", people)}<label>Label <input type="text" name="label" list="pg-labels" required placeholder="sev1" autocomplete="off"></label><datalist id="pg-labels">${suggestions}</datalist><p class="pg-hint"><code>sev1</code> … <code>sev4</code> declare an incident.</p>`,
      "Add label",
    ),
  ].join("\n");
}

/** Beside the issue list: open an issue, with labels, as one of the people. */
export function newIssueForm(listPath: string, token: string, people: ActingPerson[]): string {
  return form(
    listPath,
    token,
    `<h2 id="new">Open an issue</h2>${personSelect("Open as", people)}<label>Title <input type="text" name="title" required placeholder="Checkout returns 502 for EU customers"></label><label>Description <textarea name="body" placeholder="What is broken, since when, for whom"></textarea></label><label>Labels <input type="text" name="labels" placeholder="sev1" autocomplete="off"></label><p class="pg-hint">Comma-separated; <code>sev1</code> … <code>sev4</code> declare an incident.</p>`,
    "Open issue",
  );
}
