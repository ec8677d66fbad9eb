import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { generatedDocs } from "../../scripts/docs-content.js";
import { COMMANDS } from "../../src/commands/registry.js";

describe("generated documentation", () => {
  test("README tables and the JSON schema match the code (run `npm run docs` if this fails)", () => {
    const readme = readFileSync("README.md", "utf8");
    for (const [path, content] of Object.entries(generatedDocs(readme))) {
      expect({ path, content: readFileSync(path, "utf8") }).toEqual({ path, content });
    }
  });

  test("the README lists every command with an example", () => {
    const readme = readFileSync("README.md", "utf8");
    for (const command of COMMANDS) {
      expect(readme).toContain(`| \`${command.usage.replace(/\|/g, "\\|")}\``);
    }
  });
});
