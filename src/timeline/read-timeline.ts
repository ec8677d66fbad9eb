import type { IncidentEvent } from "../domain/events.js";
import { causeOf } from "../domain/cause.js";
import { decodeRecord, hasRecordMarker } from "./record.js";
import type { ThreadComment } from "./thread-comment.js";

export interface ReadTimeline {
  /** Every comment, oldest first. */
  allComments: ThreadComment[];
  /** Trusted events in the order they were written (comment order, then order in the comment). */
  events: IncidentEvent[];
  /** Causes already dealt with, tampered records included, so that nothing runs twice. */
  handledCauses: Set<string>;
  /** The app's comments that hold each cause, oldest first (two when two processes raced). */
  causeComments: Map<string, number[]>;
  /** The app's own comments whose record was changed by someone after the app wrote it. */
  tampered: ThreadComment[];
  /** The app's Incident log comment, if it has written one. */
  logComment: ThreadComment | null;
  /** The comments holding the log's earliest timeline rows, by part number. */
  logParts: Map<number, ThreadComment>;
  /** Things worth a log line: forged copies, unknown versions, malformed records. */
  warnings: string[];
}

/**
 * Turns an issue's comments into the trusted event stream. Only comments written by the app's
 * own bot account count; the app never edits a timeline comment, so one that was edited after it
 * was written has been tampered with and its events no longer count.
 */
export function readTimeline(comments: readonly ThreadComment[], botLogin: string): ReadTimeline {
  const ordered = [...comments].sort((a, b) => a.id - b.id);
  const result: ReadTimeline = {
    allComments: ordered,
    events: [],
    handledCauses: new Set(),
    causeComments: new Map(),
    tampered: [],
    logComment: null,
    logParts: new Map(),
    warnings: [],
  };
  for (const comment of ordered) {
    const ours = comment.authorIsBot && comment.author === botLogin;
    if (!ours) {
      if (hasRecordMarker(comment.body)) {
        result.warnings.push(`comment ${comment.id} by ${comment.author} holds a copy of a record; ignored`);
      }
      continue;
    }
    const record = decodeRecord(comment.body);
    switch (record.kind) {
      case "none":
        continue;
      case "unknown-version":
        result.warnings.push(
          `comment ${comment.id} holds a record of unknown version ${record.version}; skipped`,
        );
        continue;
      case "invalid":
        result.warnings.push(`comment ${comment.id}: ${record.reason}; skipped`);
        continue;
      case "view":
        if (record.part === undefined) result.logComment ??= comment;
        else if (!result.logParts.has(record.part)) result.logParts.set(record.part, comment);
        continue;
      case "events":
        for (const skipped of record.skipped)
          result.warnings.push(`comment ${comment.id}: unknown ${skipped}; skipped`);
        for (const id of record.ids) {
          const cause = causeOf(id);
          result.handledCauses.add(cause);
          const holders = result.causeComments.get(cause) ?? [];
          if (!holders.includes(comment.id)) result.causeComments.set(cause, [...holders, comment.id]);
        }
        if (comment.updatedAt !== comment.createdAt) {
          result.tampered.push(comment);
          continue;
        }
        result.events.push(...record.events);
    }
  }
  return result;
}
