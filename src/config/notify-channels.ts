import { z } from "zod";
import type { Channel } from "../domain/notify/notification.js";

/**
 * NOTIFY_CHANNELS: where notifications may go, set by the operator and never by a repository, so
 * that writing to a repository cannot send the app's messages (or a PagerDuty page) anywhere else.
 * A repository only names these channels.
 *
 * Every problem names the channel and the field and never quotes a value: the problems are logged,
 * and a channel's URL or key is the secret that lets anyone post to it.
 */

export const MAX_CHANNELS = 50;

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const CHANNEL_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

/** Plain http only to this machine: the tests' and the demo's receivers. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The field names quoted back when a channel has one it should not: never a value. */
const KNOWN_FIELDS = new Set(["kind", "url", "secret", "routingKey"]);

function required(what: string) {
  return (issue: { input: unknown }) => (issue.input === undefined ? "is missing" : `must be ${what}`);
}

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL";
  }
  if (url.username !== "" || url.password !== "") return "must not carry credentials (user or password)";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return "must be https (plain http only to 127.0.0.1, localhost or [::1])";
}

const url = z
  .string({ error: required("a string") })
  .max(2048, "is longer than 2048 characters")
  .superRefine((value, context) => {
    const problem = urlProblem(value);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
  })
  // The form fetch() sends to, so what was checked is what is used.
  .transform((value) => new URL(value).href);

const ChatChannel = z.strictObject({ kind: z.enum(["slack", "teams"]), url });

const WebhookChannel = z.strictObject({
  kind: z.literal("webhook"),
  url,
  /** Signs each body, so the receiver can tell the app's requests from anyone else's. */
  secret: z
    .string({ error: required("a string") })
    .min(16, "must be at least 16 characters")
    .max(1024, "must be at most 1024 characters"),
});

const PagerDutyChannel = z.strictObject({
  kind: z.literal("pagerduty"),
  /** An Events API v2 integration (or ruleset) key: 32 characters. */
  routingKey: z
    .string({ error: required("a string") })
    .regex(/^[\x21-\x7e]{32}$/, "must be 32 characters (an Events API v2 integration key)"),
  url: url.default(PAGERDUTY_EVENTS_URL),
});

/** One channel's settings, without its name (the key it is listed under). */
export const ChannelSettings = z.discriminatedUnion("kind", [ChatChannel, WebhookChannel, PagerDutyChannel], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? "must be slack, teams, webhook or pagerduty"
      : "must be an object with a `kind` (slack, teams, webhook or pagerduty)",
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

export interface Channels {
  channels: Map<string, Channel>;
  /** One line each, to be logged after `NOTIFY_CHANNELS: `. */
  problems: string[];
}

/**
 * Reads NOTIFY_CHANNELS. A channel with a problem is left out and the others are kept: one typo
 * should not silence every channel during an incident.
 */
export function readChannels(value: string | undefined): Channels {
  const channels = new Map<string, Channel>();
  const problems: string[] = [];
  if (value === undefined || value.trim() === "") return { channels, problems };

  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a URL or a key.
    return { channels, problems: ["not valid JSON: no channel is used"] };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      channels,
      problems: ['not a JSON object of channels by name ({"ops": {"kind": "slack", …}}): no channel is used'],
    };
  }

  const entries = Object.entries(raw);
  if (entries.length > MAX_CHANNELS) {
    problems.push(
      `${entries.length} channels, at most ${MAX_CHANNELS}: only the first ${MAX_CHANNELS} are used`,
    );
  }
  const lowerNames = new Set<string>();
  entries.slice(0, MAX_CHANNELS).forEach(([name, settings], index) => {
    if (!CHANNEL_NAME.test(name)) {
      // An invalid name may be a pasted URL or key: it is counted, not quoted.
      problems.push(
        `channel number ${index + 1} is not used: its name is not valid (letters, digits, \`.\`, \`_\`, \`-\`, at most 63, starting with a letter or digit)`,
      );
      return;
    }
    // Repositories name channels by hand; two that differ only in case would be a trap.
    if (lowerNames.has(name.toLowerCase())) {
      problems.push(`channel "${name}" is not used: another channel has the same name but for case`);
      return;
    }
    lowerNames.add(name.toLowerCase());
    const parsed = ChannelSettings.safeParse(settings);
    if (parsed.success) channels.set(name, { name, ...parsed.data });
    else
      problems.push(
        `channel "${name}" is not used: ${parsed.error.issues.map((i) => describe(i, settings)).join("; ")}`,
      );
  });
  return { channels, problems };
}

function describe(issue: z.core.$ZodIssue, settings: unknown): string {
  if (issue.code === "unrecognized_keys") {
    const known = issue.keys.filter((key) => KNOWN_FIELDS.has(key)).map((key) => `\`${key}\``);
    const unknown = issue.keys.length - known.length;
    const kind = (settings as { kind: string }).kind;
    const parts: string[] = [];
    if (known.length > 0)
      parts.push(`${known.join(", ")} ${known.length > 1 ? "are" : "is"} not for a ${kind} channel`);
    // An unknown key may be a value pasted in the wrong place: it is counted, not quoted.
    if (unknown > 0) parts.push(`${unknown} unknown field${unknown > 1 ? "s" : ""}`);
    return parts.join("; ");
  }
  if (
    issue.code === "invalid_union" &&
    issue.path[0] === "kind" &&
    (settings as { kind?: unknown }).kind === undefined
  )
    return "`kind` is missing";
  const field = issue.path.length > 0 ? `\`${issue.path.map(String).join(".")}\`` : "the channel";
  return `${field} ${issue.message}`;
}
