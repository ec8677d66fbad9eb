import { describe, expect, test } from "@jest/globals";
import { MitigationAutomation } from "../../../src/config/schema.js";
import { onMergedPull } from "../../../src/domain/external-events.js";
import { planMitigation } from "../../../src/domain/mitigation-plan.js";
import { renderInline } from "../../../src/text/template.js";
import { inPhase } from "../commands/support.js";

const TOKEN = `ghp_${"aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY2zA4"}`;

describe("a secret in a title goes nowhere (security issue 14, finding 10)", () => {
  test("the incident's title in a workflow input: redacted, one line", () => {
    const plan = planMitigation(
      MitigationAutomation.parse({ workflow: "rollback.yml", inputs: { title: "{{incident.title}}" } }),
      {
        state: { ...inPhase("mitigating"), title: `Checkout down\nkey ${TOKEN}\u202E` },
        action: "rollback",
        details: "",
        actor: "alice",
        incident: { number: 42, url: "https://github.com/acme/shop/issues/42", repo: "acme/shop" },
      },
      renderInline,
    );
    expect(plan.kind === "dispatch" && plan.dispatch.inputs).toEqual({
      title: "Checkout down key [redacted GitHub token]",
    });
  });

  test("a merged pull request's title in the record: redacted, one line", () => {
    const [draft] = onMergedPull(inPhase("mitigating"), {
      repo: "acme/shop",
      number: 57,
      title: `Revert\r\nrotated ${TOKEN}`,
      url: "https://github.com/acme/shop/pull/57",
      author: "dave",
    });
    expect(draft?.type === "evidence" && draft.links).toEqual([
      { url: "https://github.com/acme/shop/pull/57", title: "#57 Revert rotated [redacted GitHub token]" },
    ]);
  });
});
