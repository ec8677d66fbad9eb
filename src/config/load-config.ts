import { cut } from "../text/inert.js";
import { Config } from "./schema.js";

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Validates what Probot's config reader returned (null when there is no file). Either the whole
 * file is valid, or nothing of it is used: the app never acts on a half-read configuration.
 */
export function validateConfig(raw: unknown): ConfigResult {
  const parsed = Config.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    if (issue.code === "unrecognized_keys") {
      const where = issue.path.length > 0 ? ` in \`${key}\`` : "";
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")}${where}`;
    }
    return `\`${key}\`: ${issue.message}`;
  });
  // Problems quote the file's keys; a hostile file cannot make the answer outgrow its record.
  return { ok: false, problems: problems.slice(0, 50).map((p) => cut(p, 300)) };
}
