import { configJsonSchema, configReference } from "../src/config/docs.js";
import { commandTable } from "../src/commands/answers.js";

/** Replaces the text between `<!-- generated:name -->` and `<!-- /generated:name -->`. */
export function fill(text: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md has no ${start} ... ${end} section`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** Every generated file, path -> content. */
export function generatedDocs(readme: string): Record<string, string> {
  let next = fill(readme, "commands", commandTable());
  next = fill(next, "config", configReference());
  return {
    "README.md": next,
    "docs/incident-response.schema.json": `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
  };
}
