import { z } from "zod";
import type { Config } from "../config/schema.js";
import { LOGIN_SOURCE } from "../domain/login.js";
import { SEVERITIES, type Severity } from "../domain/severity.js";
import { cleanText } from "../text/clean.js";
import { inert } from "../text/inert.js";

/**
 * Building blocks for the commands' argument schemas. Text is redacted and cut when it is read,
 * so a secret never reaches a record and no record outgrows a comment.
 */

const raw = z.object({ args: z.string(), body: z.string(), actor: z.string(), config: z.custom<Config>() });

/** Both the command line and the lines under it, as one text. */
function joined(r: { args: string; body: string }): string {
  return [r.args, r.body].filter(Boolean).join("\n");
}

const PERSON = new RegExp(`^@?(${LOGIN_SOURCE})$`);

/** `@alice`, `alice` or `me`. Teams (`@org/team`) are not people and are refused. */
export function readLogin(token: string, actor: string): string | null {
  if (token.toLowerCase() === "me") return actor;
  return PERSON.exec(token)?.[1] ?? null;
}

export function readSeverity(token: string, config: Config): Severity | null {
  const t = token.toLowerCase();
  for (const sev of SEVERITIES) {
    if (t === sev || t === sev.slice(3) || t === config.severityLabels[sev].toLowerCase()) return sev;
  }
  return null;
}

/** User text quoted inside a reason: inert, short, on one line. */
export function shown(token: string): string {
  return `“${inert(token, { oneLine: true, max: 60 })}”`;
}

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER as never;
}

export const noArgs = raw.transform(() => ({}));

export function optionalText() {
  return raw.transform((r) => ({ text: cleanText(joined(r)) }));
}

export function requiredText(missing: string) {
  return raw.transform((r, ctx) => {
    const text = cleanText(joined(r));
    return text ? { text } : fail(ctx, missing);
  });
}

export function person(missing: string) {
  return raw.transform((r, ctx) => {
    const token = r.args.split(/\s+/)[0] ?? "";
    if (!token) return fail(ctx, missing);
    const login = readLogin(token, r.actor);
    return login ? { login } : fail(ctx, `${shown(token)} is not a GitHub user; ${missing}`);
  });
}

export function optionalPerson(usage: string) {
  return raw.transform((r, ctx) => {
    const token = r.args.split(/\s+/)[0] ?? "";
    if (!token) return { login: null };
    const login = readLogin(token, r.actor);
    return login ? { login } : fail(ctx, `${shown(token)} is not a GitHub user; ${usage}`);
  });
}

export function severity(missing: string) {
  return raw.transform((r, ctx) => {
    const token = r.args.split(/\s+/)[0] ?? "";
    if (!token) return fail(ctx, missing);
    const sev = readSeverity(token, r.config);
    return sev ? { severity: sev } : fail(ctx, `${shown(token)} is not a severity; ${missing}`);
  });
}

export { raw, joined, fail };
