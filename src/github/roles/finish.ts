import { type GraphqlError, type Mutation } from "../mutation.js";
import type { FinishOutcome, HandoffFinish } from "../port.js";
import { FORBIDDEN_BOARD, graphqlErrorTypes } from "../rest.js";

/**
 * The handoff's field values and closing as fields of `doc` (aliases `v0`.. and `close`), run
 * before whatever the document holds after them.
 */
export function addFinish(doc: Mutation, { projectId, values, close }: HandoffFinish): void {
  if (projectId !== null && values.length > 0) {
    const project = doc.variable("ID!", projectId);
    values.forEach(({ itemId, fieldId, optionId }, i) =>
      doc.field(
        `v${i}`,
        `updateProjectV2ItemFieldValue(input: { projectId: ${project}, itemId: ${doc.variable("ID!", itemId)}, fieldId: ${doc.variable("ID!", fieldId)}, value: { singleSelectOptionId: ${doc.variable("String!", optionId)} } }) { projectV2Item { id } }`,
      ),
    );
  }
  if (close !== null)
    doc.field(
      "close",
      `closeIssue(input: { issueId: ${doc.variable("ID!", close)}, stateReason: COMPLETED }) { issue { id } }`,
    );
}

/**
 * What GitHub's errors say about those fields. A field value refused as FORBIDDEN is the board's
 * permission; any other refusal of one (NOT_FOUND: the board changed since it was looked up) is
 * said as such, not thrown: the rest of the document ran.
 */
export function finishOutcome(errors: readonly GraphqlError[], request: HandoffFinish): FinishOutcome {
  let boardProblem: string | null = null;
  let closed = request.close !== null;
  for (const e of errors) {
    const alias = String(e.path?.[0] ?? "");
    const type = graphqlErrorTypes({ errors: [e] })[0];
    if (alias === "close") closed = false;
    else if (/^v\d+$/.test(alias))
      boardProblem ??=
        type === "FORBIDDEN"
          ? FORBIDDEN_BOARD
          : `GitHub refused a field value (${type ?? "an error"}): the board may have changed since it was looked up.`;
  }
  return { boardProblem, closed };
}
