import type { Notification } from "../../domain/notify/notification.js";
import { severityName, type Severity } from "../../domain/severity.js";
import { isActivePhase } from "../../domain/phase.js";
import { SPACE_RUNS } from "../../text/inert.js";
import { fit } from "./fit.js";
import { incidentRef, notificationFacts } from "./notification-facts.js";
import { teamsMarkdown } from "./teams-markdown.js";

/**
 * Teams refuses a message over 28 KB; this stays under it with room to spare, measured as the
 * UTF-8 bytes of the JSON body sent.
 */
export const TEAMS_MAX_BYTES = 27_000;

/** A fact's value, or the title and headline, never needs to be longer than this to be read. */
const SHORT_TEXT = 500;

type Color = "Default" | "Good" | "Warning" | "Attention";

interface TextRun {
  type: "TextRun";
  text: string;
  weight?: "Bolder";
  size?: "Large";
  color?: Color;
  isSubtle?: boolean;
}

export type TeamsElement =
  | { type: "RichTextBlock"; inlines: TextRun[]; spacing?: "Medium" }
  | { type: "TextBlock"; text: string; wrap: true; isSubtle?: boolean; size?: "Small" }
  | { type: "FactSet"; facts: Array<{ title: string; value: string }> };

export interface AdaptiveCard {
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  type: "AdaptiveCard";
  version: "1.5";
  body: TeamsElement[];
  actions: Array<{ type: "Action.OpenUrl"; title: string; url: string }>;
}

/** The body a Teams Workflows "When a Teams webhook request is received" trigger accepts. */
export interface TeamsMessage {
  type: "message";
  attachments: [
    {
      contentType: "application/vnd.microsoft.card.adaptive";
      contentUrl: null;
      content: AdaptiveCard;
    },
  ];
}

const SEVERITY_COLOR: Record<Severity, Color> = {
  sev1: "Attention",
  sev2: "Attention",
  sev3: "Warning",
  sev4: "Default",
};

/**
 * An Adaptive Card (1.5, the highest Teams renders) for a notification. User text goes into
 * TextRuns, which by the card schema never read Markdown, through untagged(); in a fact or a
 * TextBlock, which do, through teamsMarkdown(). No mention entity (`msteams.entities`) is ever
 * added, so nothing in the card notifies anyone, and the only link is the app's own action to the
 * issue. The event's text is cut so that the message fits TEAMS_MAX_BYTES.
 */
export function teamsMessage(n: Notification): TeamsMessage {
  const active = isActivePhase(n.incident.phase);
  const facts = notificationFacts(n).map(({ label, value }) => ({
    title: label,
    value: teamsMarkdown(short(value)),
  }));
  const head: TeamsElement[] = [
    {
      type: "RichTextBlock",
      inlines: [
        {
          type: "TextRun",
          text: untagged(short(`${severityName(n.incident.severity)}: ${n.incident.title}`)),
          weight: "Bolder",
          size: "Large",
          color: active ? SEVERITY_COLOR[n.incident.severity] : "Good",
        },
      ],
    },
    {
      type: "RichTextBlock",
      inlines: [
        { type: "TextRun", text: untagged(short(n.headline)), weight: "Bolder" },
        { type: "TextRun", text: untagged(` · by ${short(n.by)}`), isSubtle: true },
      ],
    },
    { type: "FactSet", facts },
  ];
  const foot: TeamsElement = {
    type: "TextBlock",
    text: teamsMarkdown(`${incidentRef(n)} · Incident Response for GitHub`),
    wrap: true,
    isSubtle: true,
    size: "Small",
  };
  const message = (text: string | null): TeamsMessage =>
    envelope({
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      type: "AdaptiveCard",
      version: "1.5",
      body: text
        ? [
            ...head,
            {
              type: "RichTextBlock",
              inlines: [{ type: "TextRun", text: untagged(text) }],
              spacing: "Medium",
            },
            foot,
          ]
        : [...head, foot],
      actions: [
        {
          type: "Action.OpenUrl",
          title: `Open #${n.incident.number} in ${n.incident.repository}`,
          url: n.incident.url,
        },
      ],
    });
  if (!n.text?.trim()) return message(null);
  const text = fit(n.text, (candidate) => bytes(message(candidate)) <= TEAMS_MAX_BYTES, TEAMS_MAX_BYTES);
  return message(text || null);
}

function envelope(content: AdaptiveCard): TeamsMessage {
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content }],
  };
}

function bytes(message: TeamsMessage): number {
  return Buffer.byteLength(JSON.stringify(message), "utf8");
}

function short(text: string): string {
  return fit(text.replace(SPACE_RUNS, " ").trim(), (candidate) => candidate.length <= SHORT_TEXT, SHORT_TEXT);
}

/**
 * A TextRun is shown as typed, but a `<` that could open a tag gets a joiner after it, so a card
 * never holds `<at>` (the markup of a Teams mention) however a host reads it.
 */
function untagged(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, "<\u200D");
}
