/**
 * The status site in headless Chromium (Debian's `chromium`, driven by playwright-core, which
 * downloads no browser), served as GitHub Pages serves a project site: as static files under a
 * path prefix. People read it on phones, in dark mode, with screen readers; axe-core checks the
 * last as far as a machine can.
 */
import { launchChromium } from "../helpers/chromium.js";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { sampleSite } from "../../scripts/status-sample-data.js";
import { renderSite } from "../../src/render/status-site.js";

const AXE = fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url));
const NOW = "2026-05-20T12:00:00.000Z";
/** Where the site is served, as on https://acme.github.io/status/: links must work below it. */
const PREFIX = "/status/";
const PHONE = 390;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".atom": "application/atom+xml",
};

/** Serves the folder below PREFIX, and nothing else: a link that leaves the site is a 404. */
function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    // Chromium asks the host's root for an icon on its own; that is the host's, not the site's.
    if (path === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    const file = path.startsWith(PREFIX)
      ? normalize(join(root, path.slice(PREFIX.length) || "index.html"))
      : "";
    const type = TYPES[file.slice(file.lastIndexOf("."))];
    if (!file.startsWith(root + sep) || !type || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

describe("the status page in a browser", () => {
  let browser: Browser;
  let server: Server;
  let folder: string;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // A missing browser fails the run (launchChromium throws): skipping would pass CI untested.
    browser = await launchChromium();
    const { files, problems } = renderSite({ ...sampleSite(NOW), now: NOW });
    expect(problems).toEqual([]);
    folder = mkdtempSync(join(tmpdir(), "status-site-"));
    for (const [path, content] of files) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    server = await serve(folder);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`;
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /**
   * A page that records what went wrong in it: script errors, console errors (a refused load or
   * a Content-Security-Policy violation among them) and failed requests. `bypassCSP` only for
   * axe, whose script the pages' own policy (no scripts at all) would refuse.
   */
  async function open(
    path: string,
    options: { width?: number; colorScheme?: "light" | "dark"; bypassCSP?: boolean } = {},
  ): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.colorScheme ?? "light",
      bypassCSP: options.bypassCSP ?? false,
    });
    contexts.push(context);
    const page = await context.newPage();
    // Generous: the whole suite shares two cores in CI; a broken page still fails, just later.
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    const response = await page.goto(`${base}${path}`);
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  async function scrollWidth(page: Page): Promise<number> {
    return (await page.evaluate("document.documentElement.scrollWidth")) as number;
  }

  test("the index: the banner, each component's state and 90 days, styled, without sideways scrolling on a phone", async () => {
    const { page, problems } = await open("index.html", { width: PHONE });
    await expect(page.locator("h1.banner").innerText()).resolves.toBe("Major outage");
    // The stylesheet loaded through its relative link: the banner has its colour.
    const background = await page.evaluate(
      "getComputedStyle(document.querySelector('h1.banner')).backgroundColor",
    );
    expect(background).toBe("rgb(192, 31, 47)");

    const checkout = page.locator("li.component", { has: page.getByRole("heading", { name: "Checkout" }) });
    await expect(checkout.locator(".state").innerText()).resolves.toBe("Major outage");
    const bar = checkout.getByRole("list", { name: "Checkout, the last 90 days" });
    await expect(bar.getByRole("listitem").count()).resolves.toBe(90);
    await expect(bar.getByRole("listitem").last().innerText()).resolves.toMatch(
      /^2026-05-20: major outage 55m$/,
    );
    const notifications = page.locator("li.component", {
      has: page.getByRole("heading", { name: "Notifications" }),
    });
    await expect(notifications.locator(".state").innerText()).resolves.toBe("Operational");
    await expect(notifications.locator(".day.worst-partial").count()).resolves.toBe(1);
    // A cell is a few pixels wide, but a cell.
    const cell = await bar.getByRole("listitem").first().boundingBox();
    expect(cell!.width).toBeGreaterThan(1.5);

    await expect(page.getByRole("heading", { name: "Database upgrade" }).count()).resolves.toBe(1);
    await expect(page.locator("footer").innerText()).resolves.toContain(
      "Last updated 2026-05-20 12:00 UTC (14:00 Europe/Berlin)",
    );
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE);
    expect(problems).toEqual([]);
  }, 45_000);

  test("from the index to the incident page by its link: its updates newest first, no sideways scrolling", async () => {
    const { page, problems } = await open("index.html", { width: PHONE });
    await page.getByRole("link", { name: "Checkout returns errors for customers in Europe" }).click();
    await page.waitForURL(`${base}incidents/acme-shop-42.html`);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(
      "Checkout returns errors for customers in Europe",
    );
    const updates = await page.locator("ol.updates > li .update-text").allInnerTexts();
    expect(updates).toEqual([
      "The rollback is halfway done; some payments succeed again.\nNext update within 30 minutes.",
      "A configuration change to the payment gateway caused the errors. We are rolling it back.",
      "We are investigating failed payments at checkout for customers in Europe.",
    ]);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE);
    expect(problems).toEqual([]);
  }, 45_000);

  test("the history leads to the month, and the month to a resolved incident", async () => {
    const { page, problems } = await open("index.html");
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "History" }).click();
    await page.getByRole("link", { name: "May 2026" }).click();
    await page.getByRole("link", { name: "Delayed push notifications" }).click();
    await page.waitForURL(`${base}incidents/acme-notify-17.html`);
    await expect(page.locator("dd.status").innerText()).resolves.toBe("Resolved");
    await page.getByRole("link", { name: "Current status" }).click();
    await page.waitForURL(`${base}index.html`);
    expect(problems).toEqual([]);
  }, 45_000);

  test("the feed is well-formed Atom, and its links lead to the incident pages", async () => {
    const { page } = await open("index.html", { bypassCSP: true });
    const feed = (await page.evaluate(`(async () => {
      const url = new URL("feed.atom", location.href);
      const text = await (await fetch(url)).text();
      const doc = new DOMParser().parseFromString(text, "application/xml");
      const atom = "http://www.w3.org/2005/Atom";
      const links = [...doc.getElementsByTagNameNS(atom, "entry")].map(
        (entry) => new URL(entry.getElementsByTagNameNS(atom, "link")[0].getAttribute("href"), url).href,
      );
      const statuses = await Promise.all([...new Set(links)].map(async (link) => (await fetch(link)).status));
      return {
        error: doc.getElementsByTagName("parsererror")[0]?.textContent ?? null,
        root: doc.documentElement.namespaceURI + " " + doc.documentElement.localName,
        entries: links.length,
        statuses,
      };
    })()`)) as { error: string | null; root: string; entries: number; statuses: number[] };
    expect(feed).toEqual({
      error: null,
      root: "http://www.w3.org/2005/Atom feed",
      entries: 6,
      statuses: [200, 200],
    });
  }, 45_000);

  describe.each(["light", "dark"] as const)("axe-core, %s colour scheme", (colorScheme) => {
    test.each(["index.html", "incidents/acme-shop-42.html", "history/index.html", "history/2026-05.html"])(
      "%s has no serious or critical violations",
      async (path) => {
        const { page } = await open(path, { colorScheme, bypassCSP: true });
        expect(await page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")).toBe(
          colorScheme === "dark",
        );
        await page.addScriptTag({ path: AXE });
        const violations = (await page.evaluate(
          "axe.run().then((results) => results.violations)",
        )) as AxeViolation[];
        const serious = violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map(
            (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
          );
        expect(serious).toEqual([]);
      },
      45_000,
    );
  });
});
