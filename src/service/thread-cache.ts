import type { GitHubPort, IssueRef } from "../github/port.js";
import type { ThreadComment } from "../timeline/thread-comment.js";
import { issueKey } from "./issue-key.js";

interface Entry {
  comments: Map<number, ThreadComment>;
  /** GitHub's clock at the last read: the next read asks only for what changed since. */
  readAt: string;
  /** When the whole thread was last read, to start over now and then (deletions do not show in `since`). */
  fullAt: number;
  size: number;
}

/** Comments edited within a few seconds of the last read may carry an updated_at just before it. */
const SKEW_MS = 5_000;
const FULL_READ_EVERY_MS = 10 * 60_000;

const seconds = (iso: string) => iso.replace(/\.\d{3}Z$/, "Z");

/**
 * The comments of the incidents this process works on, kept up to date with one `since` read per
 * webhook, so reading a thread costs one request whether it holds 10 comments or 2,000. Bounded by
 * the characters it holds; the least recently used threads go first.
 */
export class ThreadCache {
  readonly #entries = new Map<string, Entry>();
  #size = 0;

  constructor(
    private readonly maxChars = 32_000_000,
    private readonly now: () => number = Date.now,
  ) {}

  async read(gh: GitHubPort, ref: IssueRef): Promise<ThreadComment[]> {
    const key = issueKey(ref);
    const entry = this.#entries.get(key);
    if (!entry || this.now() - entry.fullAt > FULL_READ_EVERY_MS) {
      const { comments, serverTime } = await gh.listComments(ref);
      const fresh: Entry = {
        comments: new Map(),
        readAt: serverTime ?? new Date(this.now()).toISOString(),
        fullAt: this.now(),
        size: 0,
      };
      this.#replace(key, fresh);
      for (const comment of comments) this.#put(fresh, comment);
      return this.#list(fresh);
    }
    const since = seconds(new Date(Date.parse(entry.readAt) - SKEW_MS).toISOString());
    const { comments, serverTime } = await gh.listComments(ref, since);
    for (const comment of comments) this.#put(entry, comment);
    entry.readAt = serverTime ?? entry.readAt;
    this.#touch(key, entry);
    return this.#list(entry);
  }

  /**
   * The same port, its `listComments` answered from this cache (always the whole thread) and
   * its comment writes remembered, so the next read need not ask for them.
   */
  port(gh: GitHubPort): GitHubPort {
    return {
      ...gh,
      listComments: async (ref) => ({ comments: await this.read(gh, ref), serverTime: null }),
      createComment: async (ref, body) => {
        const comment = await gh.createComment(ref, body);
        this.remember(ref, comment);
        return comment;
      },
      updateComment: async (ref, id, body) => {
        await gh.updateComment(ref, id, body);
        const old = this.#entries.get(issueKey(ref))?.comments.get(id);
        if (old) this.remember(ref, { ...old, body });
      },
      deleteComment: async (ref, id) => {
        await gh.deleteComment(ref, id);
        this.forget(ref, id);
      },
    };
  }

  /** A comment this process wrote or edited: known at once, without waiting for the next read. */
  remember(ref: IssueRef, comment: ThreadComment): void {
    const entry = this.#entries.get(issueKey(ref));
    if (entry) this.#put(entry, comment);
  }

  forget(ref: IssueRef, commentId: number): void {
    const entry = this.#entries.get(issueKey(ref));
    const old = entry?.comments.get(commentId);
    if (entry && old) {
      entry.comments.delete(commentId);
      entry.size -= old.body.length;
      this.#size -= old.body.length;
    }
  }

  #put(entry: Entry, comment: ThreadComment): void {
    const old = entry.comments.get(comment.id);
    const delta = comment.body.length - (old?.body.length ?? 0);
    entry.comments.set(comment.id, comment);
    entry.size += delta;
    this.#size += delta;
    this.#evict();
  }

  #list(entry: Entry): ThreadComment[] {
    return [...entry.comments.values()].sort((a, b) => a.id - b.id);
  }

  #replace(key: string, entry: Entry): void {
    const old = this.#entries.get(key);
    if (old) this.#size -= old.size;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }

  #touch(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#size <= this.maxChars || this.#entries.size <= 1) break;
      this.#entries.delete(key);
      this.#size -= entry.size;
    }
  }
}
