import { describe, expect, test } from "@jest/globals";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import {
  editRefusal,
  pendingCommands,
  type CommandInbox,
  type PendingComment,
} from "../../../src/service/command-runner.js";
import { commentCause } from "../../../src/domain/cause.js";
import type { ThreadComment } from "../../../src/timeline/thread-comment.js";
import { at, BOT, comment, stateIn } from "./fixtures.js";

const person = (id: number, body: string, edited?: string) =>
  comment(id, body, { author: "bob", authorIsBot: false, createdAt: at(id), updatedAt: edited });

function inbox(state: IncidentState | null, handled: number[] = []): CommandInbox {
  const causes = new Set(handled.map(commentCause));
  return {
    state,
    watermark: () => Math.max(0, ...handled),
    handled: (cause) => causes.has(cause),
  };
}

const summary = (pending: PendingComment[]) =>
  pending.map((p) => ({ id: p.comment.id, body: p.comment.body, edited: p.edited }));

describe("pendingCommands: only the text as posted runs", () => {
  const incident = stateIn("mitigated");

  test("a comment edited to hold a command is found by a catch-up, marked edited, and runs nothing", () => {
    const thread = [person(3, "/note posted as is"), person(5, "looks good\n/resolve", at(9))];
    const pending = pendingCommands({ allComments: thread }, inbox(incident), null, BOT);
    expect(summary(pending)).toEqual([
      { id: 3, body: "/note posted as is", edited: false },
      { id: 5, body: "looks good\n/resolve", edited: true },
    ]);
    expect(pending[1]!.commands.map((c) => c.name)).toEqual(["resolve"]);
  });

  test("a comment with a command added to the one it had is marked edited too", () => {
    const thread = [person(5, "/note x\n/resolve", at(7))];
    const [pending] = pendingCommands({ allComments: thread }, inbox(incident), null, BOT);
    expect(pending).toMatchObject({ edited: true });
    expect(editRefusal(pending!.commands)).toEqual([
      {
        type: "refused",
        command: "/note x",
        reason:
          "This comment was edited after it was posted; edits do not run commands. Post the command in a new comment.",
      },
    ]);
  });

  test("the triggering comment runs as the webhook showed it, whatever the thread now says", () => {
    const posted: ThreadComment = person(5, "/mitigate rollback");
    const reread = person(5, "/mitigate rollback\n/resolve", at(8));
    const pending = pendingCommands({ allComments: [reread] }, inbox(incident), posted, BOT);
    expect(summary(pending)).toEqual([{ id: 5, body: "/mitigate rollback", edited: false }]);
  });

  test("an edited comment with prose that starts with a slash is not answered", () => {
    const thread = [person(5, "/tmp is full on web-3", at(7))];
    expect(pendingCommands({ allComments: thread }, inbox(incident), null, BOT)).toEqual([]);
  });

  test("an edit to a comment already handled changes nothing", () => {
    const thread = [person(5, "/note x\n/resolve", at(7))];
    expect(pendingCommands({ allComments: thread }, inbox(incident, [5]), null, BOT)).toEqual([]);
  });
});
