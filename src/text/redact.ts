/**
 * The one redaction step: every piece of text the app writes passes through it first, so a
 * secret pasted into a command, a PR title or a log excerpt is never repeated by the app.
 * Each rule names the kind of secret, and the marker says which kind was removed.
 *
 * The rules run on every comment, so each must take time linear in the text, whatever the text:
 * every repetition is bounded, or followed by something it cannot match itself, and a rule can
 * only start where an earlier failed attempt did not already scan (e.g. a JWT only where no token
 * character precedes it). A start inside the run of a failed attempt would rescan that run from
 * every position: `"eyJ-".repeat(16000)` once took seconds. test/unit/core/redos.test.ts runs each
 * rule on adversarial input and `npm run bench` times them.
 */
export interface Rule {
  kind: string;
  pattern: RegExp;
  /** Keeps the non-secret part of a match (the key name, the URL's user) readable. */
  replace?: (match: string, ...groups: string[]) => string;
}

const marker = (kind: string) => `[redacted ${kind}]`;

export const RULES: readonly Rule[] = [
  {
    // Unterminated, it takes the rest of the text: a pasted key is cut off, not half shown.
    kind: "private key",
    pattern:
      /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----|$)/g,
  },
  { kind: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g },
  { kind: "GitHub token", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  { kind: "AWS access key", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: "Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,255}\b/g },
  { kind: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: "Stripe key", pattern: /\b[sr]k_live_[0-9A-Za-z]{16,255}\b/g },
  {
    // `-` is a token character but not a word character, so `\b` would let an attempt start
    // inside the run the previous one failed on.
    kind: "JWT",
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  },
  {
    kind: "bearer token",
    pattern: /\b(Bearer|Basic|Authorization:\s{0,20}token)(\s{1,20})([A-Za-z0-9._~+/-]{16,}={0,3})/g,
    replace: (_m, scheme, space) => `${scheme}${space}${marker("bearer token")}`,
  },
  {
    kind: "password",
    pattern: /\b([a-z][a-z0-9+.-]{1,20}:\/\/)([^\s/:@]{1,256}):([^\s/@]{1,256})@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${marker("password")}@`,
  },
  {
    // A quoted value ends at its quote or the line's end: a failed attempt leaves no quote of its
    // kind on the rest of the line, so no later attempt scans that stretch again.
    kind: "secret",
    pattern:
      /\b((?:[a-z0-9]{1,30}[_-]){0,4}(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret))(\s{0,20}[=:]\s{0,20})(\[redacted [^\]\n]{1,40}\]|"[^"\n]*"|'[^'\n]*'|[^\s"'&,;]+)/gi,
    replace: (match, key, sep, value) => (isPlaceholder(value) ? match : `${key}${sep}${marker("secret")}`),
  },
];

/** Values that are obviously not secrets, left alone so that prose stays readable. */
export function isPlaceholder(value: string): boolean {
  const bare = value.replace(/^["']|["']$/g, "");
  return bare.length < 4 || bare.startsWith("[redacted ") || PLACEHOLDER.test(bare);
}

/** Anchored at both ends, so one attempt, at the start. */
export const PLACEHOLDER = /^(?:\*+|x+|none|null|true|false|redacted|<[^>]*>|\$\{?[A-Z_]+\}?)$/i;

export interface Redaction {
  text: string;
  /** The kinds found, each once, in the order of the rules. */
  kinds: string[];
}

export function redact(input: string): Redaction {
  let text = input;
  const kinds: string[] = [];
  for (const rule of RULES) {
    let found = false;
    text = text.replace(rule.pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      const groups = args.slice(1, -2) as string[];
      const replaced = rule.replace ? rule.replace(match, ...groups) : marker(rule.kind);
      if (replaced !== match) found = true;
      return replaced;
    });
    if (found && !kinds.includes(rule.kind)) kinds.push(rule.kind);
  }
  return { text, kinds };
}
