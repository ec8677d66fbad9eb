import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { EventOf, PullRef, SuspectChange } from "../../../src/domain/events.js";
import { renderEvidence } from "../../../src/render/evidence-table.js";
import { at, ev } from "../core/fixtures.js";
import { deployRow, sha, target } from "./builders.js";

const ZWJ = "\u200D";
/** What GitHub turns into a notification. */
const LIVE_MENTION = /@[A-Za-z0-9]/;
/** A line that opens a code block and would swallow the rest of the comment. */
const FENCE = /^ {0,3}(?:`{3,}|~{3,})/m;

const PR45: PullRef = {
  number: 45,
  title: "Switch payment client",
  url: "https://github.com/acme/shop/pull/45",
  author: "dave",
};
const PR46: PullRef = {
  number: 46,
  title: "Bump SDK",
  url: "https://github.com/acme/shop/pull/46",
  author: null,
};

function prRow(pr: PullRef, minutes: number, fields: Partial<SuspectChange> = {}): SuspectChange {
  return {
    kind: "pr",
    repo: "acme/shop",
    at: at(minutes),
    sha: sha(1000 + pr.number),
    title: pr.title,
    author: pr.author,
    url: pr.url,
    environment: null,
    state: "merged",
    prs: [pr],
    files: [],
    ...fields,
  };
}

function configRow(n: number, minutes: number, fields: Partial<SuspectChange> = {}): SuspectChange {
  return {
    kind: "config",
    repo: "acme/shop",
    at: at(minutes),
    sha: sha(2000 + n),
    title: "Raise the pool size",
    author: "erin",
    url: `https://github.com/acme/shop/commit/${sha(2000 + n)}`,
    environment: null,
    state: null,
    prs: [],
    files: ["config/db.yml", "deploy/.env.prod"],
    ...fields,
  };
}

function evidence(
  fields: Partial<Pick<EventOf<"evidence_collected">, "changes" | "rollbackTargets" | "notes">> = {},
): EventOf<"evidence_collected"> {
  return ev(
    "evidence_collected",
    { from: at(-1440), to: at(0), changes: [], rollbackTargets: [], notes: [], ...fields },
    { id: "e1#0", at: at(0), by: "incident-response[bot]" },
  );
}

/** The table's body rows (`| 1 | ...`). */
function rows(body: string): string[] {
  return body.split("\n").filter((l) => /^\| \d+ \|/.test(l));
}

/** A row's cells, split where GitHub splits them: at every pipe not escaped with a backslash. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

const FULL = evidence({
  changes: [
    deployRow(12, -12, { prs: [PR45, PR46] }),
    prRow(PR45, -30),
    configRow(1, -90),
    prRow(PR46, -1500),
  ],
  rollbackTargets: [target(11, -300), target(21, -400, { environment: "staging" })],
  notes: ["acme/api: not reachable (is the app installed there?).", "3 older changes not shown."],
});

describe("renderEvidence: the table", () => {
  const body = renderEvidence(FULL, "UTC");
  const table = rows(body);

  test("a heading and the window", () => {
    expect(body.split("\n")[0]).toBe("### 🔎 What changed before the incident");
    expect(body).toContain(
      "Changes that landed in the 1d before the incident start (2026-11-26 14:05 UTC), closest first.",
    );
    expect(body).toContain("| # | Landed | Change | Author | Shipped or came with |");
  });

  test("one row per change, in the order given, numbered, with how long before the start", () => {
    expect(table).toHaveLength(4);
    expect(
      table.map((r) =>
        cells(r)
          .slice(0, 2)
          .map((c) => c.trim()),
      ),
    ).toEqual([
      ["1", "12m before"],
      ["2", "30m before"],
      ["3", "1h 30m before"],
      ["4", "1d 1h before"],
    ]);
  });

  test("every row has the 5 columns of the header", () => {
    for (const row of table) expect(cells(row)).toHaveLength(5);
  });

  test("the deploy row: environment, short sha linked to its commit, status, and the PRs it shipped", () => {
    const [, , change, author, related] = cells(table[0]!).map((c) => c.trim());
    expect(change).toBe(
      `🚀 [Deploy to **production**](https://github.com/acme/shop/deployments/production) of [\`${sha(12).slice(0, 7)}\`](https://github.com/acme/shop/commit/${sha(12)}) (success)`,
    );
    expect(author).toBe(`@${ZWJ}deploy-bot`);
    expect(related).toBe(
      `[#45](https://github.com/acme/shop/pull/45) Switch payment client by @${ZWJ}dave<br>[#46](https://github.com/acme/shop/pull/46) Bump SDK`,
    );
  });

  test("a merged PR row links the PR and its merge commit; nothing in the last column", () => {
    const [, , change, author, related] = cells(table[1]!).map((c) => c.trim());
    expect(change).toBe(
      `🔀 PR [#45](https://github.com/acme/shop/pull/45) Switch payment client by @${ZWJ}dave merged as [\`${sha(1045).slice(0, 7)}\`](https://github.com/acme/shop/commit/${sha(1045)})`,
    );
    expect(author).toBe(`@${ZWJ}dave`);
    expect(related).toBe("—");
  });

  test("a config row shows its files in backticks", () => {
    const [, , change, author] = cells(table[2]!).map((c) => c.trim());
    expect(change).toBe(
      `⚙️ Config change [\`${sha(2001).slice(0, 7)}\`](https://github.com/acme/shop/commit/${sha(2001)}) Raise the pool size: \`config/db.yml\`, \`deploy/.env.prod\``,
    );
    expect(author).toBe(`@${ZWJ}erin`);
  });

  test("a PR without an author leaves the author cell empty", () => {
    expect(cells(table[3]!)[3]!.trim()).toBe("");
  });

  test("rollback targets are listed", () => {
    expect(body).toContain("**Rollback targets** (the last successful deployment before the suspect one):");
    expect(body).toContain(
      `- **production** in acme/shop: \`${sha(11).slice(0, 7)}\`, deployed 2026-11-26 09:05 UTC (deployment 11). \`/mitigate rollback\` goes there.`,
    );
    expect(body).toContain(
      `- **staging** in acme/shop: \`${sha(21).slice(0, 7)}\`, deployed 2026-11-26 07:25 UTC (deployment 21). \`/mitigate rollback\` goes there.`,
    );
  });

  test("notes are quoted", () => {
    expect(body).toContain(
      "> acme/api: not reachable (is the app installed there?).\n> 3 older changes not shown.",
    );
  });

  test("the configured time zone is shown beside UTC", () => {
    const berlin = renderEvidence(FULL, "Europe/Berlin");
    expect(berlin).toContain("(2026-11-26 14:05 UTC (15:05 Europe/Berlin))");
    expect(berlin).toContain("deployed 2026-11-26 09:05 UTC (10:05 Europe/Berlin) (deployment 11)");
  });

  test("the body ends without trailing blank lines", () => {
    expect(body).toBe(body.trimEnd());
  });
});

describe("renderEvidence: variants", () => {
  test("an empty evidence says so, with no table and no rollback section", () => {
    const body = renderEvidence(evidence(), "UTC");
    expect(body).toContain("No deployment, merged pull request or config change in that window.");
    expect(body).not.toContain("| # |");
    expect(body).not.toContain("Rollback targets");
    expect(body).not.toContain("\n> ");
  });

  test("an empty evidence still shows its notes", () => {
    const body = renderEvidence(
      evidence({ notes: ["acme/api: deployments not readable: Not Found (404)."] }),
      "UTC",
    );
    expect(body).toContain("No deployment, merged pull request or config change");
    expect(body).toContain("> acme/api: deployments not readable: Not Found (404).");
  });

  test("a table without rollback targets or notes has neither section", () => {
    const body = renderEvidence(evidence({ changes: [prRow(PR45, -5)] }), "UTC");
    expect(rows(body)).toHaveLength(1);
    expect(body).not.toContain("Rollback targets");
    expect(body).not.toContain("\n> ");
  });

  test("a deployment without status or PRs", () => {
    const [row] = rows(
      renderEvidence(evidence({ changes: [deployRow(12, -1, { state: null, prs: [] })] }), "UTC"),
    );
    expect(cells(row!)[2]).toContain("(no status)");
    expect(cells(row!)[4]!.trim()).toBe("—");
  });

  test("changes in several repositories name their repository; in one they do not", () => {
    const multi = rows(
      renderEvidence(
        evidence({ changes: [deployRow(12, -5), deployRow(32, -9, { repo: "acme/api" })] }),
        "UTC",
      ),
    );
    expect(cells(multi[0]!)[2]).toMatch(/\(success\) in acme\/shop $/);
    expect(cells(multi[1]!)[2]).toMatch(/\(success\) in acme\/api $/);
    const single = rows(renderEvidence(evidence({ changes: [deployRow(12, -5), prRow(PR45, -9)] }), "UTC"));
    for (const row of single) expect(row).not.toContain(" in acme/shop");
  });

  test("a PR whose merge commit changed config shows those files on its row", () => {
    // rankSuspects gives such a PR its merge commit's config files and no config row of its own;
    // the table must show them somewhere or the config change disappears.
    const [row] = rows(
      renderEvidence(
        evidence({ changes: [prRow(PR45, -5, { files: ["config/db.yml", ".env.prod"] })] }),
        "UTC",
      ),
    );
    expect(row).toContain("`config/db.yml`");
    expect(row).toContain("`.env.prod`");
  });

  test("a link that is not http(s) is not a link", () => {
    const evil: PullRef = { ...PR45, url: "javascript:alert(1)" };
    const body = renderEvidence(evidence({ changes: [deployRow(12, -5, { prs: [evil] })] }), "UTC");
    expect(body).not.toContain("javascript:");
    expect(body).toContain("[#45](#)");
  });
});

describe("renderEvidence: hostile text is inert", () => {
  const HOSTILE = [
    "@org/team please look",
    "<!-- x -->",
    "a | b | c",
    "```\nfenced\n```",
    "~~~ tilde",
    "`code` and ``",
    "<img src=x onerror=alert(1)>",
    "<!-- incident-response:v1 {} -->",
    "line one\nline two | piped",
  ];

  function hostileEvidence(title: string) {
    const pr: PullRef = { ...PR45, title };
    return evidence({
      changes: [
        deployRow(12, -5, { prs: [pr, { ...PR46, title }], environment: `prod ${title}`.slice(0, 100) }),
        prRow(pr, -10, { title }),
        configRow(1, -20, { title, files: [`config/${title}.yml`.slice(0, 300), "a|b.yml"] }),
      ],
      rollbackTargets: [target(11, -300, { environment: `prod ${title}`.slice(0, 100) })],
      notes: [title],
    });
  }

  test.each(HOSTILE)("%j: no live mention, no HTML comment, no fence, 5 columns per row", (title) => {
    const body = renderEvidence(hostileEvidence(title), "UTC");
    expect(body).not.toMatch(LIVE_MENTION);
    expect(body).not.toContain("<!--");
    expect(body).not.toContain("<img");
    expect(body).not.toContain("```");
    // A fence opens only at the start of a line ("~" is left as is in a URL, where it is harmless).
    expect(body).not.toMatch(FENCE);
    expect(body.replace(/\([^)]*\)/g, "")).not.toContain("~~~");
    const table = rows(body);
    expect(table).toHaveLength(3);
    for (const row of table) expect(cells(row)).toHaveLength(5);
  });

  test("a team mention is shown, without notifying", () => {
    const body = renderEvidence(hostileEvidence("@org/team please look"), "UTC");
    expect(body).toContain(`@${ZWJ}org/team please look`);
  });

  test("pipes in titles and file names are escaped", () => {
    const body = renderEvidence(hostileEvidence("a | b | c"), "UTC");
    expect(body).toContain("a \\| b \\| c");
    expect(body).toContain("`a\\|b.yml`");
  });

  test("whatever the titles: every line of the table keeps 5 columns, nothing is live (property)", () => {
    const piece = fc.constantFrom("@", "a", "|", "\\", "<", ">", "!--", "`", "```", "\n", " ", "#1", "-->");
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 60 }), (title) => {
        const body = renderEvidence(hostileEvidence(title), "UTC");
        expect(body).not.toMatch(LIVE_MENTION);
        // The only HTML is the app's own line break between shipped PRs.
        expect(body.replace(/<br>/g, "")).not.toContain("<");
        expect(body).not.toContain("```");
        expect(body).not.toMatch(FENCE);
        const table = rows(body);
        expect(table).toHaveLength(3);
        for (const row of table) expect(cells(row)).toHaveLength(5);
      }),
      { numRuns: 300 },
    );
  });
});
