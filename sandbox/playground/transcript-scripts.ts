import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { htmlTranscript, MERMAID_FILE, type ThreadView } from "../../scripts/demo/transcript.js";

let inlineHashes: string[] | null = null;
let bundle: Buffer | null = null;

/**
 * The CSP sources that let a thread page run the transcript's own scripts (Mermaid's bundle and
 * the code that draws the charts) and nothing else: the inline ones by the hash of what the
 * transcript writes for a thread with a chart and no other text, the bundle by its exact URL.
 */
export function transcriptScriptSources(page: URL, sample: ThreadView): string[] {
  inlineHashes ??= [
    ...htmlTranscript(
      [
        {
          ...sample,
          issue: { ...sample.issue, title: "", body: "```mermaid\ngraph LR\n  a --> b\n```" },
          comments: [],
        },
      ],
      "",
    ).matchAll(/<script>([\s\S]*?)<\/script>/g),
  ].map(([, code]) => `'sha256-${createHash("sha256").update(code!).digest("base64")}'`);
  return [...inlineHashes, new URL(MERMAID_FILE, page).href];
}

/** Mermaid's browser build, read once, for thread pages that draw charts. */
export function mermaidBundle(): Buffer {
  bundle ??= readFileSync(createRequire(import.meta.url).resolve(`mermaid/dist/${MERMAID_FILE}`));
  return bundle;
}
