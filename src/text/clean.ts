import { cut } from "./inert.js";
import { redact } from "./redact.js";

/**
 * Text read from people or from GitHub, before it goes into a record: redacted, so a secret never
 * reaches one, and cut, so no record outgrows a comment.
 */
export const TEXT_MAX = 4_000;

export function cleanText(text: string, max = TEXT_MAX): string {
  return cut(redact(text.trim()).text, max);
}
