/**
 * `npm run docs`: regenerates what is derived from code, so it cannot drift: the README's command
 * table (from the command registry) and configuration reference (from the zod schema), and the
 * JSON schema of the configuration file. test/unit/docs.test.ts fails when these are stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { generatedDocs } from "./docs-content.js";

for (const [path, content] of Object.entries(generatedDocs(readFileSync("README.md", "utf8")))) {
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}
