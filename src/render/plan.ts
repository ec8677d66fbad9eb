import type { Dispatch } from "../domain/events.js";
import { inert } from "../text/inert.js";

/**
 * A plan as a person reads it (the dry run, and the reply when it ran). Every part of it comes
 * from the repository's configuration or from GitHub, so every part is shown as user text is.
 */
export function describePlan(dispatch: Dispatch): string {
  const t = (text: string) => inert(text, { oneLine: true, max: 200 });
  const inputs = Object.entries(dispatch.inputs);
  const what =
    dispatch.kind === "workflow"
      ? `workflow_dispatch of **${t(dispatch.target)}** in ${t(dispatch.repo)}${dispatch.ref ? ` on ${t(dispatch.ref)}` : " on the default branch"}`
      : `repository_dispatch **${t(dispatch.target)}** to ${t(dispatch.repo)}`;
  return [
    `- **Runs**: ${what}`,
    ...(dispatch.sha
      ? [
          `- **Rollback target**: \`${t(dispatch.sha.slice(0, 7))}\`${dispatch.environment ? ` (${t(dispatch.environment)})` : ""}`,
        ]
      : []),
    `- **${dispatch.kind === "workflow" ? "Inputs" : "Payload"}**: ${inputs.length === 0 ? "none" : inputs.map(([k, v]) => `${t(k)} = “${t(v)}”`).join(", ")}`,
  ].join("\n");
}
