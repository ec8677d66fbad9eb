import { type GraphqlError, type Mutation } from "../mutation.js";
import type { FinishOutcome, HandoffFinish } from "../port.js";
import { FORBIDDEN_BOARD, graphqlErrorType } from "../rest.js";

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

/** Which of those fields an error of the document is about, if any. */
export function finishPart(error: GraphqlError): "value" | "close" | null {
  const alias = String(error.path?.[0] ?? "");
  return alias === "close" ? "close" : /^v\d+$/.test(alias) ? "value" : null;
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
    const part = finishPart(e);
    const type = graphqlErrorType(e);
    if (part === "close") closed = false;
    else if (part === "value")
      boardProblem ??=
        type === "FORBIDDEN"
          ? FORBIDDEN_BOARD
          : `GitHub refused a field value (${type}): the board may have changed since it was looked up.`;
  }
  return { boardProblem, closed };
}
