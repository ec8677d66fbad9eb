/**
 * `npx tsx scripts/extract-github-descriptions.ts [openapi-version] [webhooks-version]`:
 * refreshes GitHub's published API descriptions that the tests check the stand-in against
 * (test/helpers/github-descriptions.ts).
 *
 * `@octokit/openapi` unpacks to about 385 MB (a document for every GitHub Enterprise version,
 * each also dereferenced) and `@octokit/openapi-webhooks` to about 36 MB, so neither is a
 * dependency: this script packs each into a temporary folder with `npm pack`, keeps only the
 * api.github.com document, whole, gzipped, under test/fixtures/github/, and records where it came
 * from (package, version, the file inside it, its sha256) in test/fixtures/github/sources.json.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const OUT = "test/fixtures/github";

interface Source {
  package: string;
  version: string;
  file: string;
  sha256: string;
  fixture: string;
}

function extract(pkg: string, version: string, file: string, fixture: string): Source {
  const dir = mkdtempSync(join(tmpdir(), "github-descriptions-"));
  try {
    const out = execFileSync("npm", ["pack", `${pkg}@${version}`, "--json", "--pack-destination", dir], {
      encoding: "utf8",
    });
    const [packed] = JSON.parse(out) as Array<{ filename: string; version: string }>;
    if (!packed) throw new Error(`npm pack ${pkg}@${version} packed nothing`);
    execFileSync("tar", ["-xzf", join(dir, packed.filename), "-C", dir, `package/${file}`]);
    const raw = readFileSync(join(dir, "package", file));
    // Parsed and written back compactly: the same document, without its indentation.
    const compact = JSON.stringify(JSON.parse(raw.toString("utf8")));
    writeFileSync(join(OUT, fixture), gzipSync(compact, { level: 9 }));
    return {
      package: pkg,
      version: packed.version,
      file,
      sha256: createHash("sha256").update(raw).digest("hex"),
      fixture,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [openapiVersion = "latest", webhooksVersion = "latest"] = process.argv.slice(2);
const sources = [
  extract("@octokit/openapi", openapiVersion, "generated/api.github.com.json", "api.github.com.json.gz"),
  extract(
    "@octokit/openapi-webhooks",
    webhooksVersion,
    "generated/api.github.com.json",
    "webhooks.api.github.com.json.gz",
  ),
];
writeFileSync(join(OUT, "sources.json"), `${JSON.stringify(sources, null, 2)}\n`);
for (const s of sources) console.log(`${s.fixture}: ${s.package}@${s.version} ${s.file}`);
