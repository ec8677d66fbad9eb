import { z } from "zod";
import { Config, DEFAULT_CONFIG } from "./schema.js";

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** The JSON schema of the configuration file, for editors (docs/incident-response.schema.json). */
export function configJsonSchema(): object {
  return z.toJSONSchema(Config, { io: "input", unrepresentable: "any" });
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" \\| ");
  if (schema.type === "array" && schema.items) return `list of ${typeOf(schema.items)}`;
  if (Array.isArray(schema.type)) return schema.type.join(" \\| ");
  return schema.type ?? "any";
}

function valueAt(path: string[]): unknown {
  let value: unknown = DEFAULT_CONFIG;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** The configuration reference as a Markdown table, one row per key, generated from the zod schema. */
export function configReference(): string {
  const rows: string[] = ["| Key | Type | Default | What it does |", "|---|---|---|---|"];
  const walk = (schema: JsonSchema, path: string[]) => {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const here = [...path, key];
      const isObject = child.type === "object" && child.properties;
      const fallback = valueAt(here);
      const shown = isObject ? "" : fallback === undefined ? "none" : `\`${JSON.stringify(fallback)}\``;
      rows.push(
        `| \`${here.join(".")}\` | ${isObject ? "mapping" : typeOf(child)} | ${shown} | ${(child.description ?? "").replace(/\|/g, "\\|")} |`,
      );
      if (isObject) walk(child, here);
    }
  };
  walk(configJsonSchema() as JsonSchema, []);
  return rows.join("\n");
}
