import type { Notification } from "../../domain/notify/notification.js";
import { severityName } from "../../domain/severity.js";
import { SPACE_RUNS } from "../../text/inert.js";
import { fit } from "./fit.js";
import { incidentRef, notificationFacts } from "./notification-facts.js";

/** Block Kit's limits (Slack's `@slack/types` docs and the Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3_000,
  fields: 10,
  fieldText: 2_000,
  contextElements: 10,
  /** Slack cuts a message's `text` at 40,000; a notification needs far less. */
  fallbackText: 3_000,
} as const;

/** Room for any GitHub login (39 characters, or an app's `name[bot]`). */
const LOGIN_MAX = 100;

export interface SlackPlainText {
  type: "plain_text";
  text: string;
}

export interface SlackMrkdwn {
  type: "mrkdwn";
  text: string;
  verbatim: true;
}

export type SlackBlock =
  | { type: "header"; text: SlackPlainText }
  | { type: "section"; text: SlackMrkdwn; fields?: SlackMrkdwn[] }
  | { type: "context"; elements: SlackMrkdwn[] };

/** An incoming webhook's body. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
  /** A user's link in a status update must not fetch a preview into the incident channel. */
  unfurl_links: false;
  unfurl_media: false;
}

/**
 * A Slack incoming-webhook message for a notification. Every text that reaches mrkdwn is escaped
 * (`&`, `<`, `>`, so `<!channel>` or `<@U1>` in user text shows as typed) and marked `verbatim`,
 * so Slack does not turn names or addresses in it into mentions or links; the header is plain
 * text. The only link is the app's own, to the issue.
 */
export function slackMessage(n: Notification): SlackMessage {
  const title = `${severityName(n.incident.severity)}: ${n.incident.title}`;
  const by = slackEscape(plainFitted(n.by, LOGIN_MAX));
  const fields = notificationFacts(n).map(({ label, value }) =>
    mrkdwnFitted(value, (text) => `*${label}*\n${text}`, SLACK_LIMITS.fieldText),
  );
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: plainFitted(title, SLACK_LIMITS.headerText) } },
    {
      type: "section",
      text: mrkdwnFitted(oneLine(n.headline), (text) => `*${text}* · by ${by}`, SLACK_LIMITS.sectionText),
      fields: fields.slice(0, SLACK_LIMITS.fields),
    },
  ];
  if (n.text?.trim())
    blocks.push({ type: "section", text: mrkdwnFitted(n.text, (text) => text, SLACK_LIMITS.sectionText) });
  blocks.push({ type: "context", elements: [mrkdwn(issueLink(n))] });
  return {
    text: slackEscape(
      fit(
        oneLine(`${title} · ${n.headline} (${incidentRef(n)})`),
        (text) => slackEscape(text).length <= SLACK_LIMITS.fallbackText,
        SLACK_LIMITS.fallbackText,
      ),
    ),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

/**
 * Slack's own escaping for user text in mrkdwn: only `&`, `<` and `>` have meaning there, and
 * without `<` no `<!here>`, `<@U1>` or `<url|text>` can form. A bare `@here` only notifies under
 * the legacy `link_names`/`parse=full` (which the app never sets); a joiner disarms it anyway.
 */
export function slackEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(?=(?:here|channel|everyone)\b)/gi, "@\u200D");
}

function mrkdwn(text: string): SlackMrkdwn {
  return { type: "mrkdwn", text, verbatim: true };
}

/** `frame` adds the app's own markup around the escaped user text; the whole must fit `max`. */
function mrkdwnFitted(raw: string, frame: (escaped: string) => string, max: number): SlackMrkdwn {
  const fitted = fit(raw, (text) => frame(slackEscape(text)).length <= max, max);
  return mrkdwn(frame(slackEscape(fitted)));
}

function plainFitted(raw: string, max: number): string {
  return fit(oneLine(raw), (text) => text.length <= max, max);
}

function oneLine(text: string): string {
  return text.replace(SPACE_RUNS, " ").trim();
}

/** `<url|#12 in owner/name>`: a `|` or `>` in the address would end it early, so it is encoded. */
function issueLink(n: Notification): string {
  const url = n.incident.url.replace(/[|<>\s]/g, encodeURIComponent).replace(/&/g, "&amp;");
  return `<${url}|${slackEscape(`#${n.incident.number} in ${n.incident.repository}`)}>`;
}
