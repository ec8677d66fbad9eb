import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { referencedIssues } from "../../../src/domain/external-events.js";

const REPO = "acme/shop";
const WEB = "https://github.com";

function refs(body: string, web = WEB): string[] {
  return referencedIssues(body, REPO, web).map((r) => `${r.repo}#${r.number}`);
}

describe("referencedIssues: keywords", () => {
  test.each<[string, string[]]>([
    ["Fixes #12", ["acme/shop#12"]],
    ["fixes #12", ["acme/shop#12"]],
    ["FIXES #12", ["acme/shop#12"]],
    ["Fix #12", ["acme/shop#12"]],
    ["Fixed #12", ["acme/shop#12"]],
    ["Close #12", ["acme/shop#12"]],
    ["closes acme/api#3", ["acme/api#3"]],
    ["Closed #12", ["acme/shop#12"]],
    ["Resolve #12", ["acme/shop#12"]],
    ["RESOLVES #12", ["acme/shop#12"]],
    ["Resolved #12", ["acme/shop#12"]],
    ["Refs: #7", ["acme/shop#7"]],
    ["Ref #7", ["acme/shop#7"]],
    ["References #7", ["acme/shop#7"]],
    ["See #7", ["acme/shop#7"]],
    ["Part of #7", ["acme/shop#7"]],
    ["Related to acme/api#7", ["acme/api#7"]],
    ["Fixes: acme/ops.tools#9", ["acme/ops.tools#9"]],
    ["This PR\n\nFixes #12.\nCloses #13", ["acme/shop#12", "acme/shop#13"]],
    ["- [x] fixes #12 (rollback)", ["acme/shop#12"]],
  ])("%j -> %j", (body, expected) => {
    expect(refs(body)).toEqual(expected);
  });

  test.each([
    ["a bare number", "#12"],
    ["numbers in passing", "Bumps the pool from #12 to 24, see the graph"],
    ["a keyword glued to the number", "Fixes#12"],
    ["a keyword inside a word", "prefixes #12 and unresolved #13"],
    ["a keyword as the start of a longer word", "fixture #12"],
    ["issue zero", "Fixes #0"],
    ["a number too large", "Fixes #1000000000"],
    ["no number", "Fixes the checkout"],
    ["empty", ""],
  ])("%s is not a reference: %j", (_what, body) => {
    expect(refs(body)).toEqual([]);
  });
});

describe("referencedIssues: issue URLs", () => {
  test.each<[string, string, string[]]>([
    ["an issue URL", "Context: https://github.com/acme/shop/issues/12", ["acme/shop#12"]],
    ["another repository's issue", "https://github.com/acme/api/issues/5#issuecomment-1", ["acme/api#5"]],
    ["in a Markdown link", "[the incident](https://github.com/acme/shop/issues/42)", ["acme/shop#42"]],
    ["a pull request URL", "https://github.com/acme/shop/pull/12", []],
    ["another host", "https://gitlab.com/acme/shop/issues/3", []],
    ["another host that starts like it", "https://github.com.evil.example/acme/shop/issues/3", []],
  ])("%s", (_what, body, expected) => {
    expect(refs(body)).toEqual(expected);
  });

  test("on GitHub Enterprise Server only that host's URLs count", () => {
    const web = "https://ghe.corp.example";
    const body = [
      "https://ghe.corp.example/acme/shop/issues/1",
      "https://github.com/acme/shop/issues/2",
      // The dots of the host are not regex wildcards.
      "https://ghe-corp-example/acme/shop/issues/3",
      "https://gheXcorpXexample/acme/shop/issues/4",
    ].join("\n");
    expect(refs(body, web)).toEqual(["acme/shop#1"]);
  });
});

describe("referencedIssues: duplicates and limits", () => {
  test("the same issue named several ways counts once", () => {
    const body = "Fixes #12, closes #12, refs acme/shop#12, https://github.com/acme/shop/issues/12";
    expect(referencedIssues(body, REPO, WEB)).toEqual([{ repo: "acme/shop", number: 12 }]);
  });

  test("repository names differing only in case are the same repository", () => {
    const found = refs("Fixes ACME/API#3 and refs acme/api#3");
    expect(found).toHaveLength(1);
    expect(found[0]?.toLowerCase()).toBe("acme/api#3");
  });

  test("the same number in two repositories is two issues", () => {
    expect(refs("Fixes #3, fixes acme/api#3")).toEqual(["acme/shop#3", "acme/api#3"]);
  });

  test("at most 10, the first ones named", () => {
    const body = Array.from({ length: 14 }, (_, i) => `Fixes #${i + 1}`).join("\n");
    expect(refs(body)).toEqual(Array.from({ length: 10 }, (_, i) => `acme/shop#${i + 1}`));
  });

  test("whatever the body: at most 10, distinct, positive numbers (property)", () => {
    const piece = fc.constantFrom(
      "Fixes ",
      "closes ",
      "Refs: ",
      "#",
      "acme/api",
      "1",
      "2",
      "0",
      " ",
      "\n",
      "https://github.com/acme/shop/issues/",
      "x",
    );
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 80 }), (body) => {
        const found = referencedIssues(body, REPO, WEB);
        expect(found.length).toBeLessThanOrEqual(10);
        const keys = found.map((r) => `${r.repo.toLowerCase()}#${r.number}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const r of found) {
          expect(Number.isInteger(r.number) && r.number > 0).toBe(true);
          expect(r.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
        }
        // Without a keyword or a URL there is nothing.
        if (!/fixes|closes|refs|https/i.test(body)) expect(found).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
