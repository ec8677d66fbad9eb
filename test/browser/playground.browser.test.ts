/**
 * The playground in headless Chromium (Debian's `chromium`, driven by playwright-core, which
 * downloads no browser): a person runs an incident by typing, and sees the app answer without
 * reloading the page.
 */
import { launchChromium } from "../helpers/chromium.js";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { type Browser, type Page } from "playwright-core";
import { startE2E, type E2E } from "../helpers/e2e.js";

const REPO = "acme/shop";

describe("the playground in a browser", () => {
  let e2e: E2E;
  let browser: Browser;

  beforeAll(async () => {
    // A missing browser fails the run: skipping would pass CI with the playground untested.
    browser = await launchChromium();
    e2e = await startE2E();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });

  /** A page that records what went wrong in it: script errors and refused loads. */
  async function open(path: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    // Generous: the whole suite shares two cores in CI; a broken page still fails, just later.
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    await page.goto(`${e2e.gh.url}${path}`);
    return { page, problems };
  }

  test("open an issue, add sev1, take command as a writer: the Incident log follows; a read-only person is refused", async () => {
    const { page, problems } = await open(`/${REPO}/issues`);
    await page.getByLabel("Open as").selectOption("alice");
    await page.getByLabel("Title").fill("Checkout returns 502 for EU customers");
    await page.getByRole("button", { name: "Open issue" }).click();
    await page.waitForURL(`**/${REPO}/issues/1`);
    // Set once: still there at the end means no step reloaded the page.
    await page.evaluate("window.stayed = true");

    const live = page.locator("#pg-live");
    await page.getByLabel("Label as").selectOption("alice");
    await page.getByLabel("Label", { exact: true }).fill("sev1");
    await page.getByRole("button", { name: "Add label" }).click();
    const log = live.locator("article", { hasText: "Incident log" });
    await log.waitFor();
    await live.locator(".meta", { hasText: "incident:triage" }).waitFor();

    await page.getByLabel("Comment as").selectOption("bob");
    await page.getByLabel("Comment", { exact: true }).fill("/commander me");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await log.getByRole("row", { name: /^Incident commander\b.*bob/ }).waitFor();
    await live.locator(".meta", { hasText: "Assignees: bob" }).waitFor();
    expect(await page.getByLabel("Comment", { exact: true }).inputValue()).toBe("");

    await page.getByLabel("Comment as").selectOption("rita");
    await page.getByLabel("Comment", { exact: true }).fill("/mitigate rollback");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await live
      .locator("article.bot", { hasText: "Only people with write, maintain or admin permission" })
      .waitFor();
    await live.locator(".meta", { hasText: "incident:triage" }).waitFor();

    expect(await page.evaluate("window.stayed")).toBe(true);
    expect(problems).toEqual([]);
  }, 90_000);

  test("a Mermaid chart is drawn as in the transcript, and again when the thread changes", async () => {
    const { number } = await e2e
      .as("alice")
      .openIssue(
        REPO,
        "Phases",
        "```mermaid\ngantt\n  dateFormat HH:mm\n  section Incident\n  Triage :a, 14:08, 6m\n```",
      );
    const { page, problems } = await open(`/${REPO}/issues/${number}`);
    await page.locator("#pg-live .chart svg").waitFor();

    await e2e.as("bob").comment(REPO, number, "Looks right.");
    await page.locator("#pg-live article", { hasText: "Looks right." }).waitFor();
    await page.locator("#pg-live .chart svg").waitFor();

    expect(await page.locator("#pg-live pre code.language-mermaid").count()).toBe(0);
    expect(problems).toEqual([]);
  }, 45_000);

  test("what people type stays text; on a phone the page does not scroll sideways", async () => {
    const { number } = await e2e
      .as("alice")
      .openIssue(REPO, `<img src=x onerror="window.ran = 1">`, "<script>window.ran = 1</script>");
    await e2e.as("bob").comment(REPO, number, `| a | b |\n|---|---|\n| ${"wide".repeat(80)} | x |`);
    const { page, problems } = await open(`/${REPO}/issues/${number}`, 390);
    await page.locator("#pg-live h2", { hasText: `<img src=x onerror="window.ran = 1">` }).waitFor();
    // One poll later the thread has been replaced by script: still inert.
    await page.waitForTimeout(1_500);

    expect(await page.evaluate("window.ran")).toBeUndefined();
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
  }, 45_000);
});
