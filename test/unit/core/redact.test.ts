import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { redact } from "../../../src/text/redact.js";

// Secrets are assembled at run time so that no scanner mistakes this file for a leak.
const A36 = "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY2zA4";
const ghToken = (prefix: string) => `${prefix}_${A36}`;
const fineGrained = `github_pat_${"11ABCDEFG0123456789abc"}_${"x".repeat(59)}`;
const aws = (prefix: string) => `${prefix}${"IOSFODNN7EXAMPLE"}`;
const jwt = [
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
  "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
  "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
].join(".");
const slack = ["xoxb", "123456789012", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWx"].join("-");
const google = `AIza${"SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"}`;
const stripe = `sk_live_${"51HxYz0123456789abcdEFGH"}`;
const stripeRestricted = `rk_live_${"51HxYz0123456789abcdEFGH"}`;
const pem = (kind: string) =>
  `-----BEGIN ${kind}-----\nMIIEowIBAAKCAQEA7Y2x\nq9Zr4u0u8kq3\n-----END ${kind}-----`;

interface Case {
  name: string;
  input: string;
  text: string;
  kinds: string[];
}

const SECRETS: Case[] = [
  ...["ghp", "gho", "ghu", "ghs", "ghr"].map((p) => ({
    name: `GitHub ${p}_ token`,
    input: `use ${ghToken(p)} for the deploy`,
    text: "use [redacted GitHub token] for the deploy",
    kinds: ["GitHub token"],
  })),
  {
    name: "GitHub fine-grained github_pat_ token",
    input: `pat ${fineGrained} here`,
    text: "pat [redacted GitHub token] here",
    kinds: ["GitHub token"],
  },
  {
    name: "AWS AKIA key",
    input: `key ${aws("AKIA")} in the logs`,
    text: "key [redacted AWS access key] in the logs",
    kinds: ["AWS access key"],
  },
  {
    name: "AWS ASIA key",
    input: `(${aws("ASIA")})`,
    text: "([redacted AWS access key])",
    kinds: ["AWS access key"],
  },
  {
    name: "RSA private key block",
    input: `before\n${pem("RSA PRIVATE KEY")}\nafter`,
    text: "before\n[redacted private key]\nafter",
    kinds: ["private key"],
  },
  {
    name: "PKCS#8 private key block",
    input: pem("PRIVATE KEY"),
    text: "[redacted private key]",
    kinds: ["private key"],
  },
  {
    name: "OpenSSH private key block",
    input: `x ${pem("OPENSSH PRIVATE KEY")} y`,
    text: "x [redacted private key] y",
    kinds: ["private key"],
  },
  {
    name: "PGP private key block",
    input: pem("PGP PRIVATE KEY BLOCK"),
    text: "[redacted private key]",
    kinds: ["private key"],
  },
  {
    name: "unterminated private key: everything to the end goes",
    input: "pasted:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7Y2x\nq9Zr4u0u8kq3\nmore lines",
    text: "pasted:\n[redacted private key]",
    kinds: ["private key"],
  },
  {
    name: "Bearer token",
    input: "curl -H 'Authorization: Bearer abcdefghijklmnop1234' https://api",
    text: "curl -H 'Authorization: Bearer [redacted bearer token]' https://api",
    kinds: ["bearer token"],
  },
  {
    name: "Basic credentials",
    input: "Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==",
    text: "Authorization: Basic [redacted bearer token]",
    kinds: ["bearer token"],
  },
  {
    name: "Authorization: token",
    input: "Authorization: token abcdefghijklmnop1234",
    text: "Authorization: token [redacted bearer token]",
    kinds: ["bearer token"],
  },
  { name: "JWT", input: `cookie ${jwt};`, text: "cookie [redacted JWT];", kinds: ["JWT"] },
  {
    name: "JWT after Bearer: named as a JWT",
    input: `Bearer ${jwt}`,
    text: "Bearer [redacted JWT]",
    kinds: ["JWT"],
  },
  {
    name: "URL with user and password keeps the user",
    input: "clone https://deploy:s3cr3tpass@git.example.com/repo.git now",
    text: "clone https://deploy:[redacted password]@git.example.com/repo.git now",
    kinds: ["password"],
  },
  {
    name: "database URL with password",
    input: "postgres://app:hunter2@db.internal:5432/shop",
    text: "postgres://app:[redacted password]@db.internal:5432/shop",
    kinds: ["password"],
  },
  {
    name: "password= pair",
    input: "login with password=hunter22 please",
    text: "login with password=[redacted secret] please",
    kinds: ["secret"],
  },
  {
    name: "secret= pair",
    input: "secret=abcd1234efgh",
    text: "secret=[redacted secret]",
    kinds: ["secret"],
  },
  {
    name: "api_key: pair",
    input: "api_key: sk-abc123xyz",
    text: "api_key: [redacted secret]",
    kinds: ["secret"],
  },
  {
    name: "prefixed, upper-case key with a quoted value",
    input: 'DB_PASSWORD="p@ss word"',
    text: "DB_PASSWORD=[redacted secret]",
    kinds: ["secret"],
  },
  {
    name: "client_secret with single quotes",
    input: "client_secret: 'xyz12345'",
    text: "client_secret: [redacted secret]",
    kinds: ["secret"],
  },
  ...["a", "b", "p", "o", "s", "r"].map((c) => ({
    name: `Slack xox${c}- token`,
    input: `slack ${slack.replace("xoxb", `xox${c}`)}`,
    text: "slack [redacted Slack token]",
    kinds: ["Slack token"],
  })),
  {
    name: "Google API key",
    input: `maps ${google} key`,
    text: "maps [redacted Google API key] key",
    kinds: ["Google API key"],
  },
  { name: "Stripe live key", input: stripe, text: "[redacted Stripe key]", kinds: ["Stripe key"] },
  {
    name: "Stripe restricted live key",
    input: `${stripeRestricted}.`,
    text: "[redacted Stripe key].",
    kinds: ["Stripe key"],
  },
];

const NEAR_MISSES = [
  "the password was reset",
  "secret sauce",
  "token expired",
  "password=***",
  "password: xxxx",
  "token=null",
  "api_key=<your-key>",
  "password=${DB_PASSWORD}",
  "pwd: ''",
  "ghp_short",
  `ghp_${A36.slice(1)}`,
  "https://example.com/path?q=1&x=2#frag",
  "https://github.com/acme/shop/issues/42",
  "git@github.com:acme/shop.git",
  "user@example.com",
  "deployed a3f9c2e1b4d5a6f7e8d9c0b1a2f3e4d5c6b7a8f9 at 14:02",
  `sk_test_${"51HxYz0123456789abcdEFGH"}`,
  "AKIA-not-a-key",
  "Bearer short",
  "eyJhbGciOi alone",
  "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
  "",
];

describe("redact: each kind of secret", () => {
  test.each(SECRETS)("$name", ({ input, text, kinds }) => {
    const result = redact(input);
    expect(result).toEqual({ text, kinds });
  });

  test.each(SECRETS)("$name: the secret itself is gone", ({ input }) => {
    const secretish =
      /ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|AKIA|ASIA|MIIE|eyJ|xox|AIza|_live_|s3cr3t|hunter|abcd1234|sk-abc|p@ss|xyz12345|abcdefghijklmnop|dXNlcj/;
    expect(input).toMatch(secretish);
    expect(redact(input).text).not.toMatch(secretish);
  });

  test("several kinds: each listed once, in the order of the rules", () => {
    const input = `${ghToken("ghp")} ${pem("RSA PRIVATE KEY")} ${ghToken("ghs")} password=hunter22 ${aws("AKIA")}`;
    const result = redact(input);
    expect(result.kinds).toEqual(["private key", "GitHub token", "AWS access key", "secret"]);
    expect(result.text).toBe(
      "[redacted GitHub token] [redacted private key] [redacted GitHub token] password=[redacted secret] [redacted AWS access key]",
    );
  });
});

describe("redact: near misses stay as they are", () => {
  test.each(NEAR_MISSES)("%j", (input) => {
    expect(redact(input)).toEqual({ text: input, kinds: [] });
  });

  test("prose without secrets is never changed (property)", () => {
    const word = fc.constantFrom(
      "the",
      "deploy",
      "rolled",
      "back",
      "at",
      "14:02",
      "errors",
      "p99",
      "eu-west",
      "OK",
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), (words) => {
        const text = words.join(" ");
        expect(redact(text)).toEqual({ text, kinds: [] });
      }),
    );
  });
});

describe("redact: a marker is never redacted again", () => {
  // Text is redacted when a command is read (cleanText) and again when it is rendered (inert). The
  // value of a `key=value` pair ends at the first space, so the pair rule must know an earlier
  // marker as a whole (src/text/redact.ts, isPlaceholder), or "password=hunter2" would be shown as
  // "password=[redacted secret] secret]".
  test.each(SECRETS)("redacting twice changes nothing: $name", ({ input }) => {
    const once = redact(input).text;
    expect(redact(once)).toEqual({ text: once, kinds: [] });
  });

  // For the same reason: a token caught by its own rule is not caught again as a pair's value.
  test.each([
    ["GITHUB_TOKEN=", ghToken("ghp"), "GitHub token"],
    ["aws_access_key: ", aws("AKIA"), "AWS access key"],
    ["token=", jwt, "JWT"],
    ["slack_token=", slack, "Slack token"],
  ])("%s<%s> gives one marker and nothing left over", (key, value, kind) => {
    const result = redact(`${key}${value} rest`);
    expect(result.text).toMatch(
      new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\[redacted [^\\]]+\\] rest$`),
    );
    expect(result.kinds).toContain(kind);
  });
});
