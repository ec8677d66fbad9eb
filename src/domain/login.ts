/**
 * The one rule for a GitHub login, wherever a login is parsed or stored. A login the app refuses
 * stops an incident from recording, so the rule admits whatever any GitHub issues: GitHub.com
 * (letters, digits, hyphens, with a trailing or doubled hyphen on some older accounts), GitHub
 * Enterprise Server (normalised names), Enterprise Managed Users (`name_shortcode`) and apps
 * (`slug[bot]`). It still starts with a letter or digit and stops at 39 characters, so it never
 * holds a space, a slash (a team or a path) or an `@`.
 */
export const LOGIN_SOURCE = "[A-Za-z0-9][A-Za-z0-9_-]{0,38}";

/** A person's or an app's login, as GitHub sends it in payloads. */
export const LOGIN = new RegExp(`^${LOGIN_SOURCE}(?:\\[bot\\])?$`);

/** A user or organization that owns things (never an app). */
export const OWNER_LOGIN = new RegExp(`^${LOGIN_SOURCE}$`);

/** Whom a reminder may mention: a `@login`, an `@org/team`, or nobody (empty). */
export const MENTION_OR_EMPTY = new RegExp(`^(?:@${LOGIN_SOURCE}(?:/[A-Za-z0-9_.-]+)?)?$`);
