import { describe, expect, test } from "@jest/globals";
import { readEnvironment } from "../../src/config/environment.js";
import { MAX_CHANNELS, PAGERDUTY_EVENTS_URL, readChannels } from "../../src/config/notify-channels.js";

const SLACK_URL = "https://hooks.slack.com/services/T0SECRET1/B0SECRET2/xoxSecretTokenValue123";
const SECRET = "webhook-secret-0123456789abcdef";
const ROUTING_KEY = "R0ut1ngKeyR0ut1ngKeyR0ut1ngKey42";

const read = (channels: unknown) => readChannels(JSON.stringify(channels));

describe("NOTIFY_CHANNELS", () => {
  test("unset or blank: no channels and nothing to say", () => {
    for (const value of [undefined, "", "  \n"]) {
      const { channels, problems } = readChannels(value);
      expect([channels.size, problems]).toEqual([0, []]);
    }
  });

  test("each kind, with PagerDuty's address by default", () => {
    const { channels, problems } = read({
      ops: { kind: "slack", url: SLACK_URL },
      "sre.teams": { kind: "teams", url: "https://prod-01.westus.logic.azure.com:443/workflows/abc?sig=xyz" },
      "audit-hook_1": { kind: "webhook", url: "https://audit.example.com/incidents", secret: SECRET },
      oncall: { kind: "pagerduty", routingKey: ROUTING_KEY },
      "pd-eu": {
        kind: "pagerduty",
        routingKey: ROUTING_KEY,
        url: "https://events.eu.pagerduty.com/v2/enqueue",
      },
    });
    expect(problems).toEqual([]);
    expect([...channels.values()]).toEqual([
      { name: "ops", kind: "slack", url: SLACK_URL },
      {
        name: "sre.teams",
        kind: "teams",
        url: "https://prod-01.westus.logic.azure.com/workflows/abc?sig=xyz",
      },
      { name: "audit-hook_1", kind: "webhook", url: "https://audit.example.com/incidents", secret: SECRET },
      { name: "oncall", kind: "pagerduty", routingKey: ROUTING_KEY, url: PAGERDUTY_EVENTS_URL },
      {
        name: "pd-eu",
        kind: "pagerduty",
        routingKey: ROUTING_KEY,
        url: "https://events.eu.pagerduty.com/v2/enqueue",
      },
    ]);
  });

  test.each(["http://127.0.0.1:8080/slack/ops", "http://localhost/x", "http://[::1]:9000/x"])(
    "plain http only to this machine: %s",
    (url) => {
      const { channels, problems } = read({ local: { kind: "slack", url } });
      expect(problems).toEqual([]);
      expect(channels.get("local")?.kind).toBe("slack");
    },
  );

  // Each: the settings, what the problem must say, and the values it must not repeat.
  test.each<[string, unknown, string[]]>([
    ["no kind", { url: SLACK_URL }, ["`kind` is missing"]],
    [
      "an unknown kind",
      { kind: "discord", url: SLACK_URL },
      ["`kind` must be slack, teams, webhook or pagerduty"],
    ],
    ["not an object", SLACK_URL, ["must be an object"]],
    ["no url", { kind: "slack" }, ["`url` is missing"]],
    ["a url that is no string", { kind: "teams", url: 42 }, ["`url` must be a string"]],
    ["a url that is no URL", { kind: "slack", url: `not a url ${SECRET}` }, ["`url` is not a URL"]],
    [
      "plain http elsewhere",
      { kind: "slack", url: SLACK_URL.replace("https", "http") },
      ["`url` must be https"],
    ],
    [
      "http to a look-alike",
      { kind: "slack", url: "http://127.0.0.1.evil.example/x" },
      ["`url` must be https"],
    ],
    [
      "another scheme",
      { kind: "webhook", url: "ftp://files.example.com/x", secret: SECRET },
      ["`url` must be https"],
    ],
    [
      "credentials in the url",
      { kind: "webhook", url: `https://user:${SECRET}@hooks.example.com/x`, secret: SECRET },
      ["`url` must not carry credentials"],
    ],
    ["a webhook without its secret", { kind: "webhook", url: SLACK_URL }, ["`secret` is missing"]],
    [
      "a webhook secret that is too short",
      { kind: "webhook", url: SLACK_URL, secret: "sh0rtSecret" },
      ["`secret` must be at least 16 characters"],
    ],
    ["PagerDuty without a routing key", { kind: "pagerduty" }, ["`routingKey` is missing"]],
    [
      "a routing key that is not 32 characters",
      { kind: "pagerduty", routingKey: `${ROUTING_KEY}x` },
      ["`routingKey` must be 32 characters"],
    ],
    [
      "PagerDuty at plain http",
      { kind: "pagerduty", routingKey: ROUTING_KEY, url: "http://events.example/x" },
      ["`url` must be https"],
    ],
    [
      "a field of another kind",
      { kind: "slack", url: SLACK_URL, secret: SECRET, routingKey: ROUTING_KEY },
      ["`secret`, `routingKey` are not for a slack channel"],
    ],
    [
      // A value pasted as a key is counted, never quoted.
      "an unknown field",
      { kind: "slack", url: SLACK_URL, [SECRET]: true },
      ["1 unknown field"],
    ],
    [
      "two problems at once",
      { kind: "webhook", url: "http://x.example", secret: "short" },
      ["`url` must be https", "`secret` must be at least 16"],
    ],
  ])("%s: the channel is left out, named, with the field and no value", (_, settings, says) => {
    const { channels, problems } = read({ ops: settings, good: { kind: "slack", url: SLACK_URL } });
    expect([...channels.keys()]).toEqual(["good"]);
    expect(problems).toHaveLength(1);
    const [problem] = problems as [string];
    expect(problem).toMatch(/^channel "ops" is not used: /);
    for (const words of says) expect(problem).toContain(words);
    for (const value of [
      SECRET,
      ROUTING_KEY,
      SLACK_URL,
      "hooks.",
      "T0SECRET1",
      "sh0rtSecret",
      "evil",
      "://",
    ]) {
      expect(problem).not.toContain(value);
    }
  });

  test.each([SLACK_URL, "-starts-with-a-dash", "a".repeat(64), "has space", "__proto__", ""])(
    "an invalid name is counted, not quoted: %s",
    (name) => {
      const { channels, problems } = readChannels(
        `{"fine": {"kind": "slack", "url": "${SLACK_URL}"}, ${JSON.stringify(name)}: {"kind": "slack", "url": "${SLACK_URL}"}}`,
      );
      expect([...channels.keys()]).toEqual(["fine"]);
      expect(problems).toEqual([
        expect.stringMatching(/^channel number 2 is not used: its name is not valid/),
      ]);
      if (name !== "") expect(problems[0]).not.toContain(name);
    },
  );

  test("names that differ only in case: the first is kept", () => {
    const { channels, problems } = read({
      Ops: { kind: "slack", url: SLACK_URL },
      ops: { kind: "teams", url: SLACK_URL },
    });
    expect([...channels.keys()]).toEqual(["Ops"]);
    expect(problems).toEqual(['channel "ops" is not used: another channel has the same name but for case']);
  });

  test("invalid JSON is said without quoting it (JSON.parse's message would)", () => {
    const { channels, problems } = readChannels(
      `{"ops": {"kind": "webhook", "secret": "${SECRET}" "url": 1}}`,
    );
    expect(channels.size).toBe(0);
    expect(problems).toEqual(["not valid JSON: no channel is used"]);
  });

  test.each(["[]", "null", "42", `"${SLACK_URL}"`])("not an object: %s", (value) => {
    const { channels, problems } = readChannels(value);
    expect(channels.size).toBe(0);
    expect(problems).toEqual([expect.stringMatching(/^not a JSON object of channels by name/)]);
    expect(problems[0]).not.toContain(SLACK_URL);
  });

  test(`at most ${MAX_CHANNELS} channels: the first ones are used`, () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_CHANNELS + 2 }, (_, i) => [`c${i}`, { kind: "slack", url: SLACK_URL }]),
    );
    const { channels, problems } = read(many);
    expect(channels.size).toBe(MAX_CHANNELS);
    expect(channels.has(`c${MAX_CHANNELS - 1}`)).toBe(true);
    expect(channels.has(`c${MAX_CHANNELS}`)).toBe(false);
    expect(problems).toEqual([
      `${MAX_CHANNELS + 2} channels, at most ${MAX_CHANNELS}: only the first ${MAX_CHANNELS} are used`,
    ]);
  });

  test("read with the rest of the environment", () => {
    const env = readEnvironment({
      NOTIFY_CHANNELS: JSON.stringify({ ops: { kind: "slack", url: SLACK_URL }, pd: { kind: "pagerduty" } }),
    });
    expect([...env.notifyChannels.keys()]).toEqual(["ops"]);
    expect(env.notifyProblems).toEqual(['channel "pd" is not used: `routingKey` is missing']);
    expect(readEnvironment({})).toMatchObject({ notifyChannels: new Map(), notifyProblems: [] });
  });
});
