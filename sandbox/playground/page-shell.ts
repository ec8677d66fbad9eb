import { CLIENT_SCRIPT } from "./client-script.js";
import { escapeHtml } from "./escape-html.js";

const FONT = `-apple-system, "Segoe UI", Helvetica, Arial, sans-serif`;

const STYLE = `
.pg-nav { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: baseline; padding: 10px 16px; background: #1f2328; color: #f0f6fc; font: 14px/1.5 ${FONT}; }
.pg-nav a { color: #f0f6fc; font-weight: 600; text-decoration: none; } .pg-nav a:hover { text-decoration: underline; }
.pg-nav .pg-note { color: #9198a1; font-size: 12px; } @media (max-width: 600px) { .pg-nav .pg-note { display: none; } }
#pg-state { font-size: 12px; color: #9198a1; } #pg-state::before { content: "● "; color: #3fb950; } #pg-state.pg-down::before { color: #f85149; }
.pg-layout { display: grid; grid-template-columns: minmax(0, 1fr); }
#pg-live { min-width: 0; }
.pg-act { padding: 0 16px 24px; font: 14px/1.5 ${FONT}; color: #1f2328; }
@media (min-width: 1100px) {
  .pg-jump { display: none; }
  .pg-layout { grid-template-columns: minmax(0, 1fr) 360px; gap: 0 8px; max-width: 1320px; margin: 0 auto; }
  .pg-act { position: sticky; top: 44px; align-self: start; max-height: calc(100vh - 44px); overflow: auto; padding-top: 24px; }
}
.pg-form { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; display: grid; gap: 8px; }
.pg-form h2 { font-size: 16px; margin: 0; scroll-margin-top: 56px; }
.pg-form label { display: grid; gap: 4px; font-weight: 600; }
.pg-form input, .pg-form select, .pg-form textarea { font: inherit; font-weight: 400; padding: 5px 8px; border: 1px solid #d1d9e0; border-radius: 6px; background: #f6f8fa; color: #1f2328; min-width: 0; }
.pg-form textarea { min-height: 96px; resize: vertical; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.pg-form button { justify-self: start; font: inherit; font-weight: 600; color: #fff; background: #1f883d; border: 1px solid rgba(31, 35, 40, .15); border-radius: 6px; padding: 5px 16px; cursor: pointer; }
.pg-form button:disabled { opacity: .6; }
.pg-hint { color: #59636e; font-size: 12px; margin: 0; } .pg-hint code { font-size: 12px; }
.pg-status { color: #59636e; font-size: 12px; min-height: 18px; } .pg-status.pg-error { color: #d1242f; }
`;

export interface ShellParts {
  /** The tab's title (plain text). */
  title: string;
  /** Links above the page (HTML). */
  nav: string;
  /** Where the live part is fetched from, every second. */
  liveUrl: string;
  /** The live part's ETag: the browser asks for it again only when it has changed. */
  version: string;
  /** The forms beside (or, on a phone, below) the live part (HTML). */
  aside: string;
  /** The nonce the Content-Security-Policy of this answer allows the script by. */
  nonce: string;
}

const BODY = /<body[^>]*>([\s\S]*)<\/body>/;

/** What a document shows inside its body: the live part of a page, fetched again every second. */
export function bodyOf(document: string): string {
  const match = BODY.exec(document);
  if (!match) throw new Error("the page has no <body>");
  return match[1]!;
}

/**
 * A playground page around a document (a transcript of one thread, or the issue list): its body
 * becomes the live part, with the navigation above and the forms beside it.
 */
export function playgroundPage(document: string, parts: ShellParts): string {
  const live = bodyOf(document);
  const headEnd = document.indexOf("</head>");
  if (headEnd < 0) throw new Error("the page has no </head>");
  const head = document.slice(0, headEnd).replace(/<title>[\s\S]*?<\/title>/, "");
  return `${head}<title>${escapeHtml(parts.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><nav class="pg-nav">${parts.nav}<span id="pg-state">live</span><span class="pg-note">playground on the local GitHub stand-in</span></nav>
<div class="pg-layout"><div id="pg-live" data-live="${escapeHtml(parts.liveUrl)}" data-version="${escapeHtml(parts.version)}">${live}</div>
<aside class="pg-act">${parts.aside}</aside></div>
<script nonce="${escapeHtml(parts.nonce)}">${CLIENT_SCRIPT}</script></body></html>
`;
}
