import type { IncidentEvent } from "../../src/domain/events.js";
import { decodeRecord } from "../../src/timeline/record.js";
import type { Comment, Issue, Repo } from "../../sandbox/store.js";

export function issueOf(repo: Repo, number: number): Issue {
  const issue = repo.issues.find((i) => i.number === number);
  if (!issue) throw new Error(`no issue #${number}`);
  return issue;
}

export function commentsOf(repo: Repo, number: number): Comment[] {
  return repo.comments.filter((c) => c.issueNumber === number);
}

export function botComments(repo: Repo, number: number): Comment[] {
  return commentsOf(repo, number).filter((c) => c.user.type === "Bot");
}

/** Every event the app recorded on an issue, in order. */
export function allEventsOf(repo: Repo, number: number): IncidentEvent[] {
  return botComments(repo, number).flatMap((c) => {
    const record = decodeRecord(c.body);
    return record.kind === "events" ? record.events : [];
  });
}

/** The events of labels and commands: all but the evidence collected at declaration. */
export function eventsOf(repo: Repo, number: number): IncidentEvent[] {
  return allEventsOf(repo, number).filter((e) => e.type !== "evidence_collected");
}

export function labelsOf(repo: Repo, number: number): string[] {
  return issueOf(repo, number)
    .labels.map((l) => l.name)
    .sort();
}

export function incidentLog(repo: Repo, number: number): string {
  const log = botComments(repo, number).find((c) => decodeRecord(c.body).kind === "view");
  if (!log) throw new Error(`no Incident log on #${number}`);
  return log.body;
}
