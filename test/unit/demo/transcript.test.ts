import { describe, expect, test } from "@jest/globals";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  copyMermaidBundle,
  htmlTranscript,
  markdownTranscript,
  MERMAID_FILE,
  readableTime,
  transcriptTarget,
  type ThreadView,
} from "../../../scripts/demo/transcript.js";
import { Store, type Comment, type Issue } from "../../../sandbox/store.js";

const STAND_IN = "http://127.0.0.1:41234";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
const store = new Store(() => new Date("2026-11-26T14:05:00Z"), {
  id: 1,
  slug: "incident-response",
  name: "IR",
});
const repo = store.createRepo("acme/shop");
const alice = store.user("alice");
const bot = store.app.bot;

function issue(number: number, title: string, body: string, createdAt: string): Issue {
  return {
    id: 100 + number,
    number,
    title,
    body,
    user: alice,
    labels: [],
    assignees: [],
    state: "open",
    state_reason: null,
    created_at: createdAt,
    updated_at: createdAt,
    closed_at: null,
    isPull: false,
    viaApp: false,
    subIssues: [],
    parent: null,
    reactions: [],
  };
}

function comment(id: number, issueNumber: number, body: string, at: string, edited = at): Comment {
  return {
    id,
    issueNumber,
    body,
    user: bot,
    created_at: at,
    updated_at: edited,
    viaApp: true,
    reactions: [],
  };
}

const POSTMORTEM_BODY = [
  `> Incident [#3](${STAND_IN}/acme/shop/issues/3) · owner @alice`,
  "",
  "```mermaid",
  "gantt",
  "    triage :done, p0, 2026-11-26T14:08:00, 2026-11-26T14:14:00",
  "```",
  "",
  `Shipped by [#2](${STAND_IN}/acme/shop/pull/2); see [the dashboard](https://grafana.example.com/d/x).`,
].join("\n");

const THREADS: ThreadView[] = [
  {
    repo,
    issue: issue(3, "Checkout returns 502", "Since 13:58 UTC checkouts fail.", "2026-11-26T14:07:00Z"),
    comments: [
      comment(
        1001,
        3,
        [
          "| # | Landed | Change |",
          "|---|---|---|",
          `| 1 | 13m before | [Deploy](${STAND_IN}/acme/shop/deployments/production) of [\`7681327\`](${STAND_IN}/acme/shop/commit/7681327) |`,
        ].join("\n"),
        "2026-11-26T14:08:01Z",
      ),
      comment(
        1002,
        3,
        `📝 Postmortem opened: [#4](${STAND_IN}/acme/shop/issues/4); the evidence is [above](${STAND_IN}/acme/shop/issues/3#issuecomment-1001)`,
        "2026-11-26T15:24:02Z",
        "2026-11-26T15:30:00Z",
      ),
    ],
  },
  {
    repo,
    issue: issue(4, "Postmortem: Checkout returns 502", POSTMORTEM_BODY, "2026-11-26T15:24:01Z"),
    comments: [],
  },
];

const HTML = htmlTranscript(THREADS, "Demo");

describe("readableTime", () => {
  test.each([
    ["2026-11-26T14:05:00Z", "14:05 UTC, 26 Nov 2026"],
    ["2026-01-02T09:07:59.123Z", "09:07 UTC, 2 Jan 2026"],
    ["2026-12-31T23:59:00Z", "23:59 UTC, 31 Dec 2026"],
  ])("%s reads %s", (iso, want) => {
    expect(readableTime(iso)).toBe(want);
  });
});

describe("htmlTranscript", () => {
  test("a phone shows it at its width", () => {
    expect(HTML).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  test("headers show times as people read them, the exact time in <time datetime>", () => {
    expect(HTML).toContain('<time datetime="2026-11-26T14:07:00Z">14:07 UTC, 26 Nov 2026</time>');
    expect(HTML).toContain('<time datetime="2026-11-26T14:08:01Z">14:08 UTC, 26 Nov 2026</time>');
    expect(HTML).toContain('(edited <time datetime="2026-11-26T15:30:00Z">15:30 UTC, 26 Nov 2026</time>)');
    // No ISO time is shown as text: they are all in attributes.
    expect(HTML.replace(/<[^>]*>/g, "")).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
  });

  test("every table scrolls inside its own box", () => {
    const tables = HTML.match(/<table>/g) ?? [];
    expect(tables).toHaveLength(1);
    expect(HTML.match(/<div class="table-scroll"><table>/g)).toHaveLength(tables.length);
    expect(HTML).toMatch(/\.table-scroll[^{]*\{[^}]*overflow-x: auto/);
  });

  test("each issue and each comment has an anchor", () => {
    expect(HTML).toContain('<section id="acme-shop-3">');
    expect(HTML).toContain('<section id="acme-shop-4">');
    expect(HTML).toContain('id="issuecomment-1001"');
    expect(HTML).toContain('id="issuecomment-1002"');
  });

  test("links to the stand-in's issues and comments go to their anchors", () => {
    expect(HTML).toContain('<a href="#acme-shop-4">#4</a>');
    expect(HTML).toContain('<a href="#acme-shop-3">#3</a>');
    expect(HTML).toContain('<a href="#issuecomment-1001">above</a>');
  });

  test("no link points at the stand-in, which stops with the demo; its other pages are named, not linked", () => {
    expect(HTML).not.toMatch(/href="https?:\/\/127\.0\.0\.1/);
    expect(HTML).not.toContain("41234");
    expect(HTML).toContain(
      '<span class="gone" title="/acme/shop/pull/2 on the GitHub stand-in, which stopped with the demo">#2</span>',
    );
    expect(HTML).toContain("<code>7681327</code></span>");
  });

  test("other links stay", () => {
    expect(HTML).toContain('<a href="https://grafana.example.com/d/x">the dashboard</a>');
  });

  test("Mermaid charts are drawn with the bundle beside the page, not from the network", () => {
    expect(HTML).toContain('<code class="language-mermaid">gantt');
    const scripts = [...HTML.matchAll(/<script src="([^"]*)"/g)].map((m) => m[1]);
    expect(scripts).toEqual([MERMAID_FILE]);
    expect(HTML).toContain("mermaid.render(");
    // When drawing fails, the code stays with a note.
    expect(HTML).toContain("The chart could not be drawn");
  });

  test("a page without a chart loads no chart code", () => {
    const html = htmlTranscript([{ ...THREADS[0]!, comments: [] }], "Demo");
    expect(html).not.toContain("<script");
  });
});

describe("htmlTranscript: what people type is shown, never run", () => {
  /** The transcript of one issue whose thread holds these bodies, as people's comments. */
  function transcriptOf(...bodies: string[]): string {
    const thread: ThreadView = {
      repo,
      issue: issue(7, "Typed by people", bodies[0] ?? "", "2026-11-26T14:07:00Z"),
      comments: bodies
        .slice(1)
        .map((body, i) => ({ ...comment(2001 + i, 7, body, "2026-11-26T14:10:00Z"), user: alice })),
    };
    return htmlTranscript([thread], "Demo");
  }

  test.each([
    ["an element with a handler", "<img src=x onerror=alert(1)>", /<img\b/i],
    ["a script", "<script>alert(1)</script>", /<script\b/i],
    ["a kept tag with a handler", "<details open ontoggle=alert(1)>x</details>", /<details\s+open/i],
    ["a tag joined by removing a record", "<<!-- -->img src=x onerror=alert(1)>", /<img\b/i],
    ["a script link", "[x](javascript:alert(1))", /href="javascript/i],
  ])("%s, in a comment or as the issue's text, is escaped text", (_, body, live) => {
    for (const html of [transcriptOf("Opened", body), transcriptOf(body)]) {
      expect(html).not.toMatch(live);
      expect(html).not.toContain("<script");
      expect(html).toContain(escapeHtml(body.replace(/<!--[\s\S]*?-->/g, "")));
    }
  });

  test("the exact bodies: <img onerror> and <script> become text", () => {
    const html = transcriptOf("Opened", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>");
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("GitHub's plain tags still render: details, sub, br, tables, records hidden", () => {
    const html = transcriptOf(
      "Opened",
      "<details><summary>x</summary>y</details>",
      [
        "## Incident log",
        "",
        "| Severity | Phase |",
        "|---|---|",
        "| **SEV1** | triage<br>since 14:08 |",
        "",
        "<sub>Updated by the app</sub>",
        "",
        '<!-- incident-response:v1 {"events":[{"note":"<b>"}]} -->',
      ].join("\n"),
    );
    expect(html).toContain("<details><summary>x</summary>y</details>");
    expect(html).toContain("<td>triage<br>since 14:08</td>");
    expect(html).toContain("<sub>Updated by the app</sub>");
    expect(html).not.toContain("incident-response:v1");
    expect(html).not.toContain("Shown as source");
  });

  test("a label colour that is not six hex digits does not reach the style", () => {
    const thread = THREADS[0]!;
    const html = htmlTranscript(
      [
        {
          ...thread,
          issue: {
            ...thread.issue,
            labels: [
              {
                id: 1,
                name: "odd",
                color: `000000;background:url(//evil.example)"><script>`,
                description: null,
              },
            ],
          },
          comments: [],
        },
      ],
      "Demo",
    );
    expect(html).not.toMatch(/evil\.example|<script/);
    expect(html).toContain('<span class="label" style="background:#ededed;color:#1f2328">odd</span>');
  });
});

describe("transcriptTarget", () => {
  test.each<[string, string | null | undefined]>([
    [`${STAND_IN}/acme/shop/issues/3`, "acme-shop-3"],
    [`${STAND_IN}/ACME/Shop/issues/4/`, "acme-shop-4"],
    [`${STAND_IN}/acme/shop/issues/3#issuecomment-1002`, "issuecomment-1002"],
    // A comment that is not in the transcript: its issue.
    [`${STAND_IN}/acme/shop/issues/3#issuecomment-9`, "acme-shop-3"],
    [`${STAND_IN}/acme/shop/issues/9`, null],
    [`${STAND_IN}/acme/shop/commit/abc`, null],
    ["http://localhost:3000/acme/shop/issues/3", "acme-shop-3"],
    ["https://github.com/acme/shop/issues/3", undefined],
    ["#top", undefined],
  ])("%s → %s", (href, want) => {
    expect(transcriptTarget(href, THREADS)).toBe(want);
  });
});

describe("markdownTranscript", () => {
  test("headers show times as people read them", () => {
    const md = markdownTranscript(THREADS, "Demo");
    expect(md).toContain("### alice opened it at 14:07 UTC, 26 Nov 2026");
    expect(md).toContain(
      '### <a id="issuecomment-1002"></a>incident-response[bot] (app) at 15:24 UTC, 26 Nov 2026 (edited 15:30 UTC, 26 Nov 2026)',
    );
  });

  test("each issue and each comment has an anchor", () => {
    const md = markdownTranscript(THREADS, "Demo");
    expect(md).toContain('## <a id="acme-shop-3"></a>acme/shop#3: Checkout returns 502');
    expect(md).toContain('## <a id="acme-shop-4"></a>acme/shop#4: Postmortem');
    expect(md).toContain('### <a id="issuecomment-1001"></a>incident-response[bot] (app) at 14:08 UTC');
  });

  test("links to the stand-in's issues and comments go to their anchors, its other pages are plain text", () => {
    const md = markdownTranscript(THREADS, "Demo");
    expect(md).not.toContain("41234");
    expect(md).toContain("> Incident [#3](#acme-shop-3) · owner @alice");
    expect(md).toContain(
      "Postmortem opened: [#4](#acme-shop-4); the evidence is [above](#issuecomment-1001)",
    );
    expect(md).toContain("Shipped by #2; see [the dashboard](https://grafana.example.com/d/x).");
    expect(md).toContain("| 1 | 13m before | Deploy of `7681327` |");
    // The rest of the bodies is as written.
    expect(md).toContain(
      "```mermaid\ngantt\n    triage :done, p0, 2026-11-26T14:08:00, 2026-11-26T14:14:00\n```",
    );
  });

  test("code, hidden records and links elsewhere are left as written", () => {
    const link = `[#3](${STAND_IN}/acme/shop/issues/3)`;
    const body = [
      `\`${link}\` is ${link}; so is <${STAND_IN}/acme/shop/issues/3>, and ${STAND_IN}/acme/shop/commit/abc is gone.`,
      "",
      "```",
      link,
      "```",
      "",
      `<!-- incident-response:v1 {"url":"${STAND_IN}/acme/shop/issues/3"} -->`,
      "",
      `- [ ] ${link} [GitHub](https://github.com/acme/shop/issues/3)`,
    ].join("\n");
    const md = markdownTranscript([{ ...THREADS[0]!, issue: { ...THREADS[0]!.issue, body } }], "Demo");
    expect(md).toContain(
      [
        `\`${link}\` is [#3](#acme-shop-3); so is [${STAND_IN}/acme/shop/issues/3](#acme-shop-3), and \`${STAND_IN}/acme/shop/commit/abc\` is gone.`,
        "",
        "```",
        link,
        "```",
        "",
        `<!-- incident-response:v1 {"url":"${STAND_IN}/acme/shop/issues/3"} -->`,
        "",
        "- [ ] [#3](#acme-shop-3) [GitHub](https://github.com/acme/shop/issues/3)",
      ].join("\n"),
    );
  });
});

describe("copyMermaidBundle", () => {
  test("puts the browser build beside the page", () => {
    const dir = mkdtempSync(join(tmpdir(), "transcript-"));
    try {
      expect(copyMermaidBundle(dir)).toBe(true);
      const file = join(dir, MERMAID_FILE);
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(1_000_000);
      // The build defines the global the page's script uses.
      expect(readFileSync(file, "utf8").slice(-200)).toContain('globalThis["mermaid"]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("false when it cannot", () => {
    expect(copyMermaidBundle(join(tmpdir(), "no-such-dir", "deeper"))).toBe(false);
  });
});
