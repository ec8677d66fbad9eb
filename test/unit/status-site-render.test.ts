import { describe, expect, test } from "@jest/globals";
import { posix } from "node:path";
import { sampleSite } from "../../scripts/status-sample-data.js";
import type { PublicIncident, SiteData, SiteSettings } from "../../src/domain/status-page/site-data.js";
import { parseSiteData } from "../../src/domain/status-page/site-store.js";
import { renderSite } from "../../src/render/status-site.js";
import { FEED_ENTRIES } from "../../src/render/status-site/feed-view.js";
import { compileHtmlTemplate } from "../../src/text/template.js";

const NOW = "2026-05-20T12:00:00.000Z";
const SAMPLE = sampleSite(NOW);

const HOSTILE_TITLE = `<script>alert("x")</script> & "quoted" 'single'`;
const HOSTILE_TEXT = `<img src=x onerror="alert(1)"> </content></entry><entry> ]]> \u0001\u0008 done`;

/** The sample, with an incident whose every text tries to become markup. */
function hostile(): { data: SiteData; settings: SiteSettings } {
  const incident: PublicIncident = {
    id: "acme/shop#66",
    slug: "acme-shop-66",
    title: HOSTILE_TITLE,
    impact: "degraded",
    components: [`API"><script>`],
    status: "investigating",
    startedAt: "2026-05-20T11:00:00.000Z",
    resolvedAt: null,
    updates: [{ at: "2026-05-20T11:05:00.000Z", status: "investigating", text: HOSTILE_TEXT }],
  };
  return {
    data: { ...SAMPLE.data, incidents: [incident, ...SAMPLE.data.incidents] },
    settings: {
      ...SAMPLE.settings,
      title: `Acme <b>status</b> "x"`,
      components: [...SAMPLE.settings.components, { name: `API"><script>`, description: "<i>d</i>" }],
    },
  };
}

function render(input: { data: SiteData; settings: SiteSettings }, overrides?: Map<string, string>) {
  return renderSite({ ...input, now: NOW, ...(overrides ? { overrides } : {}) });
}

function file(files: Map<string, string>, path: string): string {
  const content = files.get(path);
  if (content === undefined) throw new Error(`no ${path} among ${[...files.keys()].join(", ")}`);
  return content;
}

/** The href and src attributes of a page, as written (still HTML-escaped). */
function links(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
}

describe("renderSite: the files", () => {
  test("one page per incident, one per month, and the fixed files", () => {
    const { files, problems } = render(SAMPLE);
    expect([...files.keys()].sort()).toEqual(
      [
        "index.html",
        "incidents/acme-shop-42.html",
        "incidents/acme-notify-17.html",
        "history/index.html",
        "history/2026-05.html",
        "feed.atom",
        "style.css",
        "status.json",
      ].sort(),
    );
    expect(problems).toEqual([]);
  });

  test("history: months with incidents, newest first, each listing only its own incidents", () => {
    const april = { ...SAMPLE.data.incidents[1]!, id: "acme/notify#3", slug: "acme-notify-3" };
    april.startedAt = "2026-04-30T23:59:00.000Z";
    april.resolvedAt = "2026-05-01T01:00:00.000Z";
    april.title = "April's incident";
    const { files } = render({
      ...SAMPLE,
      data: { ...SAMPLE.data, incidents: [...SAMPLE.data.incidents, april] },
    });
    const history = file(files, "history/index.html");
    expect(history.indexOf("May 2026")).toBeGreaterThan(0);
    expect(history.indexOf("May 2026")).toBeLessThan(history.indexOf("April 2026"));
    expect(history).toContain(`<a href="2026-04.html">April 2026</a> <span class="meta">· 1 incident</span>`);
    expect(history).toContain(`<a href="2026-05.html">May 2026</a> <span class="meta">· 2 incidents</span>`);
    const aprilPage = file(files, "history/2026-04.html");
    expect(aprilPage).toContain(`<a href="../incidents/acme-notify-3.html">April&#x27;s incident</a>`);
    expect(aprilPage).not.toContain("acme-shop-42");
    expect(aprilPage).toContain(`<a href="2026-05.html">Newer: May 2026</a>`);
    expect(file(files, "history/2026-05.html")).toContain(`<a href="2026-04.html">Older: April 2026</a>`);
  });

  test("no history yet: the history page says so, and there are no month pages", () => {
    const { files } = render({ ...SAMPLE, data: { incidents: [], maintenance: [] } });
    expect(file(files, "history/index.html")).toContain("No incidents on record.");
    expect([...files.keys()].filter((path) => path.startsWith("history/"))).toEqual(["history/index.html"]);
    expect(file(files, "index.html")).toContain(
      `<h1 class="banner banner-operational">All systems operational</h1>`,
    );
  });

  test("every link is relative and leads to a file of the site (or to a part of its own page)", () => {
    const { files } = render(hostile());
    for (const [path, content] of files) {
      if (!path.endsWith(".html")) continue;
      const found = links(content);
      expect(found.length).toBeGreaterThan(4);
      for (const link of found) {
        expect(link).not.toMatch(/^(?:[a-z]+:|\/)/i);
        if (link.startsWith("#")) {
          expect(content).toContain(`id="${link.slice(1)}"`);
          continue;
        }
        const target = posix.normalize(posix.join(posix.dirname(path), link));
        expect([path, target, files.has(target)]).toEqual([path, target, true]);
      }
    }
    // The feed's links are relative to the feed, at the root.
    for (const link of links(file(files, "feed.atom"))) expect(files.has(link)).toBe(true);
  });

  test("no file has a script, whatever the texts say", () => {
    const { files } = render(hostile());
    for (const [path, content] of files) {
      if (path === "status.json") continue;
      expect([path, /<script/i.test(content)]).toEqual([path, false]);
    }
  });
});

describe("renderSite: escaping", () => {
  const { files } = render(hostile());

  test.each(["index.html", "incidents/acme-shop-66.html", "history/2026-05.html"])(
    "%s escapes titles",
    (path) => {
      const html = file(files, path);
      expect(html).toContain(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;single&#x27;",
      );
      expect(html).not.toContain(`"quoted"`);
      expect(html).toContain(`Acme &lt;b&gt;status&lt;/b&gt; &quot;x&quot;`);
    },
  );

  test.each(["index.html", "incidents/acme-shop-66.html"])(
    "%s escapes updates and component names",
    (path) => {
      const html = file(files, path);
      expect(html).toContain(
        `&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt; &lt;/content&gt;&lt;/entry&gt;&lt;entry&gt; ]]&gt;  done`,
      );
      expect(html).not.toContain("<img");
      expect(html).toContain("API&quot;&gt;&lt;script&gt;");
    },
  );

  test("the feed escapes for XML and drops characters XML cannot carry", () => {
    const atom = file(files, "feed.atom");
    expect(
      atom.startsWith(`<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">`),
    ).toBe(true);
    expect(atom).toContain(
      `<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;single&#x27;: Investigating</title>`,
    );
    expect(atom).toContain(
      `<content type="text">&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt; &lt;/content&gt;&lt;/entry&gt;&lt;entry&gt; ]]&gt;  done</content>`,
    );
    for (const control of ["\u0001", "\u0008"]) expect(atom).not.toContain(control);
    expect(atom.match(/<entry>/g)).toHaveLength(atom.match(/<\/entry>/g)!.length);
  });

  test("status.json keeps the texts as they are: JSON escapes them", () => {
    const json = JSON.parse(file(files, "status.json")) as { incidents: PublicIncident[] };
    expect(json.incidents[0]!.title).toBe(HOSTILE_TITLE);
    expect(json.incidents[0]!.updates[0]!.text).toBe(HOSTILE_TEXT);
  });
});

describe("renderSite: the pages", () => {
  const { files } = render(SAMPLE);
  const index = file(files, "index.html");

  test("the index: banner, components with their state and 90 described cells, active incident, maintenance", () => {
    expect(index).toContain(`<h1 class="banner banner-major">Major outage</h1>`);
    expect(index).toContain(`<h3>Checkout</h3>\n<span class="state state-major">Major outage</span>`);
    expect(index).toContain(
      `<h3>Notifications</h3>\n<span class="state state-operational">Operational</span>`,
    );
    const bars = [...index.matchAll(/<ol class="uptime"[^>]*>([\s\S]*?)<\/ol>/g)].map((m) => m[1]!);
    expect(bars).toHaveLength(4);
    for (const bar of bars) {
      expect(bar.match(/<li class="day worst-/g)).toHaveLength(90);
      expect(bar.match(/<span class="visually-hidden">20\d\d-\d\d-\d\d: [^<]+<\/span>/g)).toHaveLength(90);
    }
    expect(index).toContain(
      `<li class="day worst-partial" title="2026-05-14: partial outage 2h 15m"><span class="visually-hidden">2026-05-14: partial outage 2h 15m</span></li>`,
    );
    expect(index).toContain(`<span>99.95% uptime</span>`);
    expect(index).toContain(
      `<a href="incidents/acme-shop-42.html">Checkout returns errors for customers in Europe</a>`,
    );
    expect(index).not.toContain("Delayed push notifications");
    expect(index).toContain("<h3>Database upgrade</h3>");
    expect(index).toContain('Scheduled</strong> · <time datetime="2026-05-21T12:00:00.000Z">');
    expect(index).toContain(`href="history/index.html"`);
    expect(index).toContain(`href="feed.atom"`);
    expect(index).toContain(`href="status.json"`);
    expect(index).toContain(
      `Last updated <time datetime="2026-05-20T12:00:00.000Z">2026-05-20 12:00 UTC (14:00 Europe/Berlin)</time>`,
    );
  });

  test("the index's landmarks and what a browser needs", () => {
    for (const part of [
      `<html lang="en">`,
      `<meta name="viewport" content="width=device-width, initial-scale=1">`,
      `<a class="skip" href="#main">`,
      `<header class="site">`,
      `<nav aria-label="Site">`,
      `<main id="main">`,
      `<footer class="site">`,
      `<link rel="stylesheet" href="style.css">`,
    ])
      expect(index).toContain(part);
    expect(index).not.toContain("<img");
  });

  test("the incident page: facts, and its updates newest first", () => {
    const page = file(files, "incidents/acme-shop-42.html");
    expect(page).toContain("<h1>Checkout returns errors for customers in Europe</h1>");
    expect(page).toContain(`<dd><span class="impact impact-major">Major outage</span></dd>`);
    expect(page).toContain("<dd>Checkout, API</dd>");
    expect(page).toContain("<dd>Not yet</dd>");
    expect(page).toContain("<dd>55m so far</dd>");
    const first = page.indexOf("The rollback is halfway done");
    const second = page.indexOf("A configuration change");
    const third = page.indexOf("We are investigating failed payments");
    expect(0 < first && first < second && second < third).toBe(true);
    expect(page).toContain(`<link rel="stylesheet" href="../style.css">`);

    const resolved = file(files, "incidents/acme-notify-17.html");
    expect(resolved).toContain(
      `<dd><time datetime="2026-05-14T11:15:00.000Z">2026-05-14 11:15 UTC (13:15 Europe/Berlin)</time></dd>`,
    );
    expect(resolved).toContain("<dd>2h 15m</dd>");
  });

  test("a logo only from an https address", () => {
    const logo = (logoUrl: string) =>
      file(render({ ...SAMPLE, settings: { ...SAMPLE.settings, logoUrl } }).files, "index.html");
    expect(logo("https://acme.example/logo.png")).toContain(
      `<img src="https://acme.example/logo.png" alt="Acme status logo" height="32">`,
    );
    for (const bad of [
      "http://acme.example/logo.png",
      "javascript:alert(1)",
      `https://a.example/x" onerror="y`,
      "//acme.example/l.png",
    ])
      expect(logo(bad)).not.toContain("<img");
  });

  test("an unknown time zone falls back to UTC alone", () => {
    const page = file(
      render({ ...SAMPLE, settings: { ...SAMPLE.settings, timezone: "Mars/Olympus" } }).files,
      "index.html",
    );
    expect(page).toContain(`<time datetime="2026-05-20T12:00:00.000Z">2026-05-20 12:00 UTC</time>`);
  });
});

describe("renderSite: status.json", () => {
  test("the derived fields, and incidents and maintenance exactly as stored", () => {
    const text = file(render(SAMPLE).files, "status.json");
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json).toMatchObject({
      schemaVersion: 1,
      generatedAt: NOW,
      page: { title: "Acme status" },
      status: { indicator: "critical", description: "Major outage" },
      components: [
        {
          name: "Website",
          description: "The shop's pages and the help centre",
          status: "operational",
          uptime90d: 100,
        },
        { name: "API", status: "major_outage", uptime90d: 99.95 },
        { name: "Checkout", status: "major_outage", uptime90d: 99.95 },
        { name: "Notifications", status: "operational", uptime90d: 99.96 },
      ],
    });
    expect(Object.keys(json)).toEqual([
      "schemaVersion",
      "generatedAt",
      "page",
      "status",
      "components",
      "incidents",
      "maintenance",
    ]);
    expect(parseSiteData(text)).toEqual({ ok: true, data: SAMPLE.data });
  });

  test("maintenance in progress, with nothing worse, is the indicator", () => {
    const data: SiteData = {
      incidents: [],
      maintenance: [
        { ...SAMPLE.data.maintenance[0]!, from: "2026-05-20T11:00:00.000Z", to: "2026-05-20T13:00:00.000Z" },
      ],
    };
    const { files } = render({ ...SAMPLE, data });
    const json = JSON.parse(file(files, "status.json")) as {
      status: unknown;
      components: Array<{ status: string }>;
    };
    expect(json.status).toEqual({ indicator: "maintenance", description: "Maintenance in progress" });
    expect(json.components.map((c) => c.status)).toEqual([
      "operational",
      "under_maintenance",
      "under_maintenance",
      "operational",
    ]);
    expect(file(files, "index.html")).toContain("In progress</strong>");
  });
});

describe("renderSite: the feed", () => {
  test("one entry per update, newest first, with ids that do not change between renders", () => {
    const atom = file(render(SAMPLE).files, "feed.atom");
    const entries = [
      ...atom.matchAll(
        /<entry>\n<id>(urn:uuid:[0-9a-f-]{36})<\/id>\n<title>([^<]*)<\/title>\n<updated>([^<]+)</g,
      ),
    ];
    expect(entries.map((e) => e[2])).toEqual([
      "Checkout returns errors for customers in Europe: Identified",
      "Checkout returns errors for customers in Europe: Identified",
      "Checkout returns errors for customers in Europe: Investigating",
      "Delayed push notifications: Resolved",
      "Delayed push notifications: Monitoring",
      "Delayed push notifications: Investigating",
    ]);
    const ids = entries.map((e) => e[1]);
    expect(new Set(ids).size).toBe(6);
    expect(atom).toContain(`<updated>2026-05-20T11:51:00.000Z</updated>\n<author>`);
    expect(atom).toContain(`<link rel="alternate" type="text/html" href="incidents/acme-shop-42.html"/>`);

    // A new update adds an entry; the others keep their ids.
    const [first, ...rest] = SAMPLE.data.incidents;
    const more = {
      ...first!,
      updates: [
        ...first!.updates,
        { at: "2026-05-20T11:59:00.000Z", status: "monitoring" as const, text: "Recovering." },
      ],
    };
    const next = file(
      render({ ...SAMPLE, data: { ...SAMPLE.data, incidents: [more, ...rest] } }).files,
      "feed.atom",
    );
    for (const id of ids) expect(next).toContain(`<id>${id}</id>`);
    expect(next.match(/<entry>/g)).toHaveLength(7);
  });

  test(`at most ${FEED_ENTRIES} entries, the newest`, () => {
    const [first] = SAMPLE.data.incidents;
    const updates = Array.from({ length: 150 }, (_, n) => ({
      at: new Date(Date.parse("2026-05-19T00:00:00.000Z") + n * 60_000).toISOString(),
      status: "identified" as const,
      text: `Update ${n}`,
    }));
    const atom = file(
      render({ ...SAMPLE, data: { incidents: [{ ...first!, updates }], maintenance: [] } }).files,
      "feed.atom",
    );
    expect(atom.match(/<entry>/g)).toHaveLength(FEED_ENTRIES);
    expect(atom).toContain("Update 149<");
    expect(atom).toContain("Update 50<");
    expect(atom).not.toContain("Update 49<");
  });
});

describe("renderSite: a repository's templates", () => {
  const overriding = (name: string, source: string, input = SAMPLE) =>
    render(input, new Map([[name, source]]));

  test("a working override replaces the built-in page, and still escapes", () => {
    const { files, problems } = overriding("index.html", "<p>{{site.title}}: {{banner.text}}</p>", hostile());
    expect(file(files, "index.html")).toBe(
      "<p>Acme &lt;b&gt;status&lt;/b&gt; &quot;x&quot;: Major outage</p>",
    );
    expect(file(files, "incidents/acme-shop-42.html")).toContain("<!doctype html>");
    expect(problems).toEqual([]);
  });

  test("an incident page override renders every incident", () => {
    const { files, problems } = overriding("incident.html", "{{incident.title}} ({{incident.statusText}})");
    expect(file(files, "incidents/acme-notify-17.html")).toBe("Delayed push notifications (Resolved)");
    expect(problems).toEqual([]);
  });

  const broken: Array<[what: string, name: string, source: string, problem: RegExp]> = [
    [
      "triple-stash",
      "index.html",
      "<p>{{{site.title}}}</p>",
      /\{\{\{ \}\}\} and \{\{& \}\} are not available/,
    ],
    ["an ampersand mustache", "feed.atom", "{{#each entries}}{{& text}}{{/each}}", /are not available/],
    ["a field that is not there", "history.html", "{{site.secret}}", /"secret" not defined/],
    ["a template that does not compile", "month.html", "{{#each incidents}}", /Parse error|Expecting/],
    ["a partial", "incident.html", "{{> layout}}", /partial "layout" is not available/],
    [
      "an override over budget",
      "index.html",
      "{{#each components}}{{#each @root.components}}{{#each days}}{{text}}{{text}}{{text}}{{/each}}{{/each}}{{/each}}",
      /steps of work|output is over/,
    ],
    [
      "a template the site does not have",
      "about.html",
      "<p>hi</p>",
      /^there is no such template; the status page has index\.html, /,
    ],
  ];

  test.each(broken)("%s: the built-in page, and the problem", (_what, name, source, problem) => {
    const many = {
      ...SAMPLE,
      settings: {
        ...SAMPLE.settings,
        components: Array.from({ length: 30 }, (_, n) => ({ name: `Component ${n}`, description: "" })),
      },
    };
    const { files, problems } = overriding(name, source, many);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.template).toBe(name);
    expect(problems[0]!.problem).toMatch(problem);
    const builtIn = render(many).files;
    expect(files).toEqual(builtIn);
  });

  test("a failing override is reported once, however many pages fall back", () => {
    const { problems } = overriding("incident.html", "{{incident.nope}}");
    expect(problems).toEqual([
      { template: "incident.html", problem: expect.stringContaining('"nope" not defined') },
    ]);
  });
});

describe("compileHtmlTemplate", () => {
  test("escapes values, and refuses the unescaped forms anywhere in the template", () => {
    expect(compileHtmlTemplate("<b>{{x}}</b>")({ x: `<i>"'&` })).toBe("<b>&lt;i&gt;&quot;&#x27;&amp;</b>");
    for (const source of [
      "{{{x}}}",
      "{{& x}}",
      "{{#if y}}{{{x}}}{{/if}}",
      "{{#each y}}{{else}}{{&x}}{{/each}}",
    ])
      expect(() => compileHtmlTemplate(source)).toThrow(/not available/);
  });
});
