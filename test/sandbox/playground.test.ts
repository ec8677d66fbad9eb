import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { request } from "node:http";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import { rendersSafely } from "../../scripts/demo/safe-markdown.js";
import { asPerson, call, REPO, startReceiver, type IssueJson, type Receiver } from "./support.js";

/** A page of the playground, as a browser asks for it. */
async function page(gh: StandIn, path: string, init: RequestInit = {}) {
  const response = await fetch(`${gh.url}${path}`, { redirect: "manual", ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A form post, as a browser without script sends it. */
function post(
  gh: StandIn,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return page(gh, path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A page asked for under another host name, as after DNS rebinding (fetch sets Host itself). */
function pageWithHost(gh: StandIn, path: string, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${gh.url}${path}`, { headers: { host } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end();
  });
}

const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("the playground: the stand-in's issues as pages to act in", () => {
  let gh: StandIn;
  let receiver: Receiver;
  let token: string;

  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin", bob: "write", rita: "read" } });
    receiver = await startReceiver();
    gh.deliverTo(receiver.url);
    token = tokenIn((await page(gh, `/${REPO}/issues`)).text);
  });
  afterEach(async () => {
    await gh.close();
    await receiver.close();
    expect(gh.violations).toEqual([]);
  });

  test("an issue's html_url is its page: the thread, its labels, and forms to act as each person", async () => {
    const created = await call<IssueJson>(gh, "POST", `/repos/${REPO}/issues`, {
      auth: asPerson("alice"),
      body: { title: "Checkout returns 502", body: "Since **13:58**", labels: ["sev1"] },
    });
    const answer = await page(gh, new URL(created.body.html_url).pathname);

    expect(answer.status).toBe(200);
    expect(answer.text).toContain("Checkout returns 502");
    expect(answer.text).toContain("<strong>13:58</strong>");
    expect(answer.text).toMatch(/<span class="label"[^>]*>sev1<\/span>/);
    for (const person of ["alice (admin)", "bob (write)", "rita (read only", "dependabot[bot] (a bot"])
      expect(answer.text).toContain(person);
    const nonce = /<script nonce="([^"]+)">/.exec(answer.text)?.[1];
    expect(answer.headers.get("content-security-policy")).toContain(`script-src 'nonce-${nonce}'`);
    expect((await page(gh, `/${REPO}/issues/99`)).status).toBe(404);
  });

  test("the live part is the thread alone, without the forms or the script", async () => {
    await call(gh, "POST", `/repos/${REPO}/issues`, {
      auth: asPerson("alice"),
      body: { title: "Slow search" },
    });
    const live = await page(gh, `/${REPO}/issues/1?live=1`);
    const list = await page(gh, `/${REPO}/issues?live=1`);

    expect(live.text).toContain("Slow search");
    expect(list.text).toContain(`href="/${REPO}/issues/1"`);
    for (const part of [live.text, list.text]) {
      expect(part).not.toContain("<form");
      expect(part).not.toContain("<script");
    }
  });

  test("the live part answers 304 until the thread changes", async () => {
    await call(gh, "POST", `/repos/${REPO}/issues`, { auth: asPerson("alice"), body: { title: "Slow" } });
    const first = await page(gh, `/${REPO}/issues/1?live=1`);
    const version = first.headers.get("etag")!;
    const same = await page(gh, `/${REPO}/issues/1?live=1`, { headers: { "if-none-match": version } });
    const whole = await page(gh, `/${REPO}/issues/1`);
    await call(gh, "POST", `/repos/${REPO}/issues/1/comments`, {
      auth: asPerson("bob"),
      body: { body: "Seen" },
    });
    const changed = await page(gh, `/${REPO}/issues/1?live=1`, { headers: { "if-none-match": version } });

    expect(whole.text).toContain(`data-version="${version.replace(/"/g, "&quot;")}"`);
    expect(same.status).toBe(304);
    expect(changed.status).toBe(200);
    expect(changed.text).toContain("Seen");
    expect(changed.headers.get("etag")).not.toBe(version);
  });

  test("a comment posted as a person goes through the REST API: GitHub's webhook, from that person", async () => {
    await call(gh, "POST", `/repos/${REPO}/issues`, { auth: asPerson("alice"), body: { title: "Slow" } });
    await receiver.arrived(1);

    const sent = await post(gh, `/${REPO}/issues/1/comments`, { token, as: "bob", body: "/commander me" });
    await receiver.arrived(2);

    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe(`/${REPO}/issues/1`);
    const hook = receiver.received[1]!;
    expect(hook.headers["x-github-event"]).toBe("issue_comment");
    expect(hook.payload).toMatchObject({
      action: "created",
      comment: { body: "/commander me", user: { login: "bob", type: "User" } },
      sender: { login: "bob" },
    });
  });

  test("opening an issue with labels, and labelling one, as a bot and as a person", async () => {
    const opened = await post(gh, `/${REPO}/issues`, {
      token,
      as: "dependabot[bot]",
      title: "Bump",
      labels: "a, b",
    });
    const labelled = await post(
      gh,
      `/${REPO}/issues/1/labels`,
      { token, as: "rita", label: "sev2" },
      {
        accept: "application/json",
      },
    );
    await receiver.arrived(4);

    expect(opened.headers.get("location")).toBe(`/${REPO}/issues/1`);
    expect(JSON.parse(labelled.text)).toEqual({ location: `/${REPO}/issues/1`, done: "rita added sev2." });
    const events = receiver.received.map(
      (r) => `${String(r.payload.action)} by ${JSON.stringify(r.payload.sender)}`,
    );
    expect(events[0]).toMatch(/^opened by .*"login":"dependabot\[bot\]".*"type":"Bot"/);
    expect(events.at(-1)).toMatch(/^labeled by .*"login":"rita"/);
    expect(gh.store.repo("acme", "shop")!.issues[0]!.labels.map((l) => l.name)).toEqual(["a", "b", "sev2"]);
  });

  test("forms without this run's token, as someone not in the repository, or from another host name do nothing", async () => {
    await call(gh, "POST", `/repos/${REPO}/issues`, { auth: asPerson("alice"), body: { title: "Slow" } });
    await receiver.arrived(1);

    const forged = await post(gh, `/${REPO}/issues/1/comments`, {
      token: "x".repeat(token.length),
      as: "bob",
      body: "/resolve",
    });
    const stranger = await post(
      gh,
      `/${REPO}/issues/1/comments`,
      { token, as: "mallory", body: "/resolve" },
      {
        accept: "application/json",
      },
    );
    const rebound = await pageWithHost(gh, `/${REPO}/issues/1`, "evil.example");

    expect(forged.status).toBe(403);
    expect(stranger.status).toBe(400);
    expect(JSON.parse(stranger.text).error).toContain("Choose one of the people");
    expect(rebound.status).toBe(421);
    expect(rebound.text).not.toContain(token);
    expect(gh.store.repo("acme", "shop")!.comments).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  test("what people write is shown as text: no tag, attribute or link of theirs reaches the page", async () => {
    const hostile = `<img src=x onerror="alert(1)"> [x](javascript:alert(1)) <sub>kept</sub>`;
    await call(gh, "POST", `/repos/${REPO}/issues`, {
      auth: asPerson("<b>eve</b>"),
      body: { title: `<script>alert(1)</script>`, body: hostile },
    });
    await call(gh, "POST", `/repos/${REPO}/labels`, {
      auth: asPerson("alice"),
      body: { name: `"><script>`, color: `000000;background:url(//evil.example)` },
    });
    await call(gh, "POST", `/repos/${REPO}/issues/1/labels`, {
      auth: asPerson("alice"),
      body: { labels: [`"><script>`] },
    });

    for (const path of [`/${REPO}/issues/1`, `/${REPO}/issues`]) {
      const { text } = await page(gh, path);
      const theirs = text.slice(text.indexOf('id="pg-live"'), text.indexOf('<aside class="pg-act">'));
      expect(theirs).not.toMatch(/<(script|img)\b|href="javascript|evil\.example/i);
      expect(theirs).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(theirs).toContain("&lt;b&gt;eve&lt;/b&gt;");
    }
  });
});

describe("rendersSafely: which Markdown the transcript's renderer may show as HTML", () => {
  test.each([
    [
      "GitHub's plain tags, records and code",
      '<sub>a</sub> b<br>c\n\n<details>\n<summary>x</summary>\n\ny\n</details>\n<!-- record {"a":"<b>"} -->\n\n`<script>`',
    ],
    [
      "links to web pages and anchors",
      "[a](https://example.com) [b](#issue-3) [c](/acme/shop/issues/1) <https://x.example>",
    ],
  ])("%s: yes", (_, markdown) => expect(rendersSafely(markdown)).toBe(true));

  test.each([
    ["an element with an attribute", `<img src=x onerror="alert(1)">`],
    ["a tag joined by removing a record", "<<!-- -->img src=x onerror=alert(1)>"],
    ["a block of kept tags with one left open", "<details>\n<img src=x onerror=alert(1)\n"],
    ["a script link", "[x](javascript:alert(1))"],
    ["a script link with a character reference", "[x](javascript&#58;alert(1))"],
    ["a kept tag with an attribute", "<details open ontoggle=alert(1)>"],
  ])("%s: no", (_, markdown) => expect(rendersSafely(markdown)).toBe(false));
});
