import type { z } from "zod";

type Path = ReadonlyArray<PropertyKey>;

const NOUN: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  object: "an object",
  record: "an object",
  array: "an array",
  boolean: "true or false",
};

/**
 * One zod issue as the short sentence a sender's operator can act on ("alerts[3].startsAt is not
 * a time"), never zod's own wording, which names zod's types and can quote the input at length.
 */
export function describeIssue(issue: z.core.$ZodIssue, root: unknown, prefix: Path = []): string {
  const path = [...prefix, ...issue.path];
  const where = pathText(path);
  switch (issue.code) {
    case "invalid_type":
      return valueAt(root, issue.path) === undefined
        ? `${where} is missing`
        : `${where} is not ${NOUN[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `${where} is not ${either(issue.values.map(String))}`;
    case "too_small":
      return issue.origin === "number" ? `${where} is negative` : `${where} is empty`;
    case "too_big":
      return `${where} is longer than ${String(issue.maximum)} characters`;
    default:
      return `${where} ${issue.message}`;
  }
}

/** "critical, error, warning or info" */
function either(values: string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values.at(-1)}` : (values[0] ?? "");
}

/** `alerts[3].labels["team name"]`: how a person would write the path in JavaScript. */
export function pathText(path: Path): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) text += text ? `.${String(key)}` : String(key);
    else text += `[${JSON.stringify(String(key).slice(0, 40))}]`;
  }
  return text || "the body";
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return value;
}
