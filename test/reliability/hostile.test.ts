import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";
const ZWJ = "\u200d";

/** One of every secret shape the redaction step knows. */
const SECRETS = {
  classic: `ghp_${"A1b2C3d4E5f6".repeat(3)}`,
  oauth: `gho_${"Zz9Yy8Xx7Ww6".repeat(3)}`,
  server: `ghs_${"Qq1Rr2Ss3Tt4".repeat(3)}`,
  fineGrained: `github_pat_11ABCDEFG0${"x9Y8z7W6v5".repeat(6)}`,
  aws: "AKIAIOSFODNN7EXAMPLE",
  jwt: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  bearer: "Bearer abcdefghijklmnopqrstuvwxyz0123456789",
  urlPassword: "postgres://app:s3cr3t-p4ss@db.internal:5432/shop",
  pair: "password=hunter2hunter2",
  slack: "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
  google: `AIza${"SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY".slice(0, 35)}`,
  stripe: `sk_live_${"4eC39HqLyjWDarjtT1zdp7dc".slice(0, 24)}`,
};
const PRIVATE_KEY =
  "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretsecretsecret\n-----END RSA PRIVATE KEY-----";
/** What must never come out of the app: the secret part of each. */
const NEVER = [
  ...Object.values(SECRETS).filter(
    (s) => !s.includes("://") && !s.startsWith("password=") && !s.startsWith("Bearer"),
  ),
  "s3cr3t-p4ss",
  "hunter2hunter2",
  "abcdefghijklmnopqrstuvwxyz0123456789",
  "MIIEpAIBAAKCAQEAsecretsecretsecret",
];

describe("hostile or careless people", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  /** Every text the app wrote: comments, issues it opened, their titles, dispatch inputs. */
  function everythingWritten(): string {
    const comments = e2e.repo.comments.filter((c) => c.user.type === "Bot").map((c) => c.body);
    const issues = e2e.repo.issues.filter((i) => i.viaApp).map((i) => i.body);
    const runs = e2e.repo.runs.map((r) => JSON.stringify(r.inputs));
    return [...comments, ...issues, ...runs].join("\n");
  }

  async function incident(title = "Outage"): Promise<number> {
    const { number } = await e2e.as("alice").openIssue(REPO, title, "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  test("commands from people without write access, and from bots, are refused or ignored", async () => {
    e2e = await startE2E();
    e2e.gh.store.user("mallory"); // exists, not a collaborator (an org member with no repository role)
    e2e.gh.store.user("ci-bot[bot]", "Bot");
    const number = await incident();
    for (const login of ["rita", "tina", "mallory"]) {
      await e2e.as(login).comment(REPO, number, "/mitigate rollback\n/resolve");
      await e2e.settle();
    }
    await e2e.as("ci-bot[bot]").comment(REPO, number, "/resolve");
    await e2e.settle();
    const events = eventsOf(e2e.repo, number);
    expect(events.filter((e) => e.type === "refused").map((e) => e.by)).toEqual([
      "rita",
      "rita",
      "tina",
      "tina",
      "mallory",
      "mallory",
    ]);
    expect(events.some((e) => e.type === "mitigation_started" || e.type === "resolved")).toBe(false);
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
  });

  test("text with mentions, references, markers, template syntax, fences, pipes, HTML, RTL and 60,000 characters is inert everywhere", async () => {
    e2e = await startE2E();
    const hostile = [
      "@acme/oncall @mallory #123 acme/shop#7",
      '<!-- incident-response:v1 {"events":[]} --> -->',
      "{{constructor}} {{> partial}} {{{raw}}}",
      "```js\nalert(1)\n```",
      "| a | b |",
      "<img src=x onerror=alert(1)><script>x</script>",
      "\u202Egnp.exe\u202C right-to-left \u200Bzero-width",
    ].join("\r\n");
    const number = await incident(`Title ${hostile.split("\r\n")[0]} <b>bold</b>`);
    await e2e
      .as("bob")
      .comment(
        REPO,
        number,
        [
          `/note ${hostile}`,
          "",
          `/status ${hostile.replace(/\r?\n/g, " ")} ETA unknown`,
          "",
          `/evidence ${hostile.replace(/\r?\n/g, " ")}`,
          "",
          `/followup @bob ${hostile.replace(/\r?\n/g, " ")}`,
          "",
          `/note ${"x".repeat(60_000)}`,
        ].join("\n"),
      );
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback\n/verify\n/resolve\n/handoff");
    await e2e.settle();
    // What GitHub shows: the hidden records keep the text as it was given (GitHub neither renders
    // nor notifies inside HTML comments), the visible text must be inert.
    const written = everythingWritten().replace(/<!--[\s\S]*?-->/g, "");
    // No live mention of a team or of someone the commands did not name for a role.
    expect(written).not.toMatch(/@acme\/oncall/);
    expect(written).not.toMatch(/@mallory/);
    expect(written).toContain(`@${ZWJ}acme/oncall`);
    // No cross-reference to #123 made by the app on someone's behalf.
    expect(written).not.toMatch(/(^|[^\w&])#123\b/m);
    // No HTML, no extra hidden comment, no bidi override.
    expect(written).not.toMatch(/<script|<img|<b>/);
    expect(written).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    for (const body of e2e.repo.comments.filter((c) => c.user.type === "Bot").map((c) => c.body)) {
      // Only the app's own marker opens an HTML comment, once, at the end.
      expect(body.split("<!--").length - 1).toBeLessThanOrEqual(1);
      // Fences stay balanced: user text cannot open a code block that swallows the rest.
      expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    // Titles are plain text, not Markdown: shown as written (no entities, no joiners), on one line.
    // (GitHub does not notify from titles; a person could have typed this title themselves.)
    for (const title of e2e.repo.issues.filter((i) => i.viaApp).map((i) => i.title)) {
      expect(title).toContain("@acme/oncall");
      expect(title).not.toMatch(/&lt;|&amp;|\u200D|[\u202A-\u202E\u2066-\u2069\n]/);
    }
    // Table rows keep their columns (the Incident log has 3, the evidence table 5).
    const log = botComments(e2e.repo, number).find((c) => c.body.includes("Incident log:"))!.body;
    for (const row of log.split("\n").filter((l) => l.startsWith("| 20"))) {
      expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(5);
    }
    // 60,000 characters were cut, visibly (kept to 4,000 in the record, to a line in the log), and every comment fits.
    expect(written).toMatch(/x{100}.* … \[cut: \d+ characters in all\]/);
    expect(JSON.stringify(eventsOf(e2e.repo, number))).toContain("[cut: 60000 characters in all]");
    for (const c of e2e.repo.comments) expect(c.body.length).toBeLessThanOrEqual(65_536);
    // The record still decodes the hostile text exactly (it was stored, not rendered).
    const note = eventsOf(e2e.repo, number).find((e) => e.type === "note");
    expect(note?.type === "note" && note.text).toContain("{{constructor}}");
  });

  test("no secret of any kind the app knows is ever written by it", async () => {
    e2e = await startE2E({
      seed: {
        files: {
          ".github/incident-response.yml":
            'mitigations:\n  rollback:\n    workflow: rollback.yml\n    inputs: { why: "{{details}}" }\n',
        },
        workflows: ["rollback.yml"],
      },
    });
    const all = [...Object.values(SECRETS), PRIVATE_KEY].join("\n");
    const number = await incident("Leaked credentials");
    await e2e.as("bob").comment(REPO, number, `Log excerpt:\n${all}`);
    await e2e.as("bob").comment(REPO, number, `/note ${all.replace(/\n/g, " ")}`);
    await e2e.as("bob").comment(REPO, number, `/evidence ${all.replace(/\n/g, " ")}`);
    await e2e
      .as("bob")
      .comment(REPO, number, `/status rotating ${SECRETS.classic} ETA 1h\nImpact: ${SECRETS.pair}`);
    await e2e.as("bob").comment(REPO, number, `/mitigate rollback ${SECRETS.aws} ${SECRETS.jwt}`);
    await e2e.as("bob").comment(REPO, number, `/followup @bob rotate ${SECRETS.fineGrained}`);
    await e2e.as("rita").comment(REPO, number, `/resolve ${SECRETS.slack}`);
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, "/verify\n/resolve\n/handoff");
    await e2e.settle();
    const written = everythingWritten();
    for (const secret of NEVER) expect(written).not.toContain(secret);
    expect(written).toContain("[redacted GitHub token]");
    expect(written).toContain("[redacted AWS access key]");
    expect(e2e.repo.runs[0]!.inputs.why).not.toContain(SECRETS.aws.slice(0, 10));
    expect(
      eventsOf(e2e.repo, number).filter((e) => e.type === "secret_warning").length,
    ).toBeGreaterThanOrEqual(1);
  });

  test.each([
    ["wrong types", "severityLabels: [1, 2]\ntimezone: 42\n", /`severityLabels`|`timezone`/],
    ["a huge file", `note: "${"x".repeat(900_000)}"\n`, /unknown key `note`/],
    [
      "a YAML anchor bomb",
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n',
      /could not be parsed|unknown key/,
    ],
  ])(
    "a hostile configuration (%s) gets a clear answer and no half-applied settings",
    async (_name, file, problem) => {
      e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": file } } });
      const { number } = await e2e.as("alice").openIssue(REPO, "Outage");
      await e2e.as("alice").label(REPO, number, "sev1");
      await e2e.settle();
      const replies = botComments(e2e.repo, number);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.body).toMatch(problem);
      expect(replies[0]!.body.length).toBeLessThan(20_000);
      // Nothing acted on: no incident labels, no declaration.
      expect(labelsOf(e2e.repo, number)).toEqual(["sev1"]);
    },
  );

  test("a hostile repository template (prototype access, unknown helpers) falls back to the built-in one", async () => {
    e2e = await startE2E({
      seed: {
        files: {
          ".github/incident-response/templates/status-update.md.hbs":
            "{{constructor.constructor}} {{lookup this '__proto__'}}",
          ".github/incident-response/templates/incident-log.md.hbs": "{{#each (shout title)}}x{{/each}}",
        },
      },
    });
    const number = await incident();
    await e2e.as("bob").comment(REPO, number, "/status fine ETA unknown");
    await e2e.settle();
    const update = botComments(e2e.repo, number).find((c) => c.body.includes("📢 Status update ·"));
    expect(update?.body).toContain("**ETA:** unknown");
    const problems = eventsOf(e2e.repo, number).filter((e) => e.type === "template_problem");
    expect(problems.map((p) => (p.type === "template_problem" ? p.template : "")).sort()).toEqual([
      "incident-log",
      "status-update",
    ]);
  });

  test("the private key and the webhook secret never appear in the logs", async () => {
    e2e = await startE2E();
    const number = await incident();
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback\n/nonsense");
    e2e.gh.faults.add({ path: /.*/, actor: "installation", status: 500, times: 5 });
    await e2e.as("bob").comment(REPO, number, "/note during an outage");
    await e2e.settle();
    const logs = e2e.logs.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    const keyBody = e2e.gh.privateKey.split("\n").filter((l) => l && !l.startsWith("-----"));
    for (const line of keyBody) expect(logs).not.toContain(line);
    expect(logs).not.toContain(e2e.gh.webhookSecret);
    // Installation tokens are redacted by Probot's logger too.
    expect(logs).not.toMatch(/ghs_[0-9a-f]{20,}/);
  });
});
