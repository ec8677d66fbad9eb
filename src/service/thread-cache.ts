import { Buffer } from "node:buffer";
import type { GitHubPort, IssueRef } from "../github/port.js";
import type { ThreadComment } from "../timeline/thread-comment.js";
import { issueKey } from "./issue-key.js";

/**
 * A comment as the cache holds it. The app's own comments carry emoji, which makes V8 store the
 * whole body two bytes a character; as UTF-8 outside the JS heap the same body takes about half,
 * and it no longer counts towards the live heap that V8 multiplies (up to 4x) to size the next
 * one. Logins and URL prefixes repeat across comments, so they are shared, and the URL and
 * `updated_at` are kept only where they cannot be derived.
 */
interface Stored {
  id: number;
  body: string | Buffer;
  author: string;
  authorIsBot: boolean;
  createdAt: string;
  /** Absent when equal to createdAt. */
  updatedAt?: string;
  /** The part of html_url before `#issuecomment-<id>`; the whole URL when it is not shaped so. */
  urlBase: string;
  urlWhole: boolean;
  nodeId?: string;
}

interface Entry {
  comments: Map<number, Stored>;
  /** GitHub's clock at the last read: the next read asks only for what changed since. */
  readAt: string;
  /** When the whole thread was last read, to start over now and then (deletions do not show in `since`). */
  fullAt: number;
  bytes: number;
}

/** Comments edited within a few seconds of the last read may carry an updated_at just before it. */
const SKEW_MS = 5_000;
const FULL_READ_EVERY_MS = 10 * 60_000;
/** Below this a Buffer's own bookkeeping (two objects and a native allocation) outweighs the saving. */
const BUFFER_FROM_CHARS = 128;
/** What a stored comment costs besides its body: the object, its map slot, dates, the Buffer's wrappers. */
const COMMENT_OVERHEAD = 200;
const ENTRY_OVERHEAD = 300;
/** Distinct logins and URL prefixes are few; past this many, sharing starts over rather than grow. */
const MAX_SHARED = 10_000;

const seconds = (iso: string) => iso.replace(/\.\d{3}Z$/, "Z");
const ANCHOR = "#issuecomment-";

/**
 * The comments of the incidents this process works on, kept up to date with one `since` read per
 * webhook, so reading a thread costs one request whether it holds 10 comments or 2,000. Bounded by
 * the bytes it holds (8 MB by default: a thousand short incidents, or a few threads of thousands
 * of comments); the least recently used threads go first, and a thread not read whole for ten
 * minutes goes anyway, since its next read starts over.
 */
export class ThreadCache {
  readonly #entries = new Map<string, Entry>();
  readonly #shared = new Map<string, string>();
  #bytes = 0;

  constructor(
    private readonly maxBytes = 8 * 1024 * 1024,
    private readonly now: () => number = Date.now,
  ) {}

  /** What the cache holds, in (estimated) bytes, and how many threads. */
  get usage(): { bytes: number; threads: number } {
    return { bytes: this.#bytes, threads: this.#entries.size };
  }

  async read(gh: GitHubPort, ref: IssueRef): Promise<ThreadComment[]> {
    this.#expire();
    const key = issueKey(ref);
    const entry = this.#entries.get(key);
    if (!entry || this.now() - entry.fullAt > FULL_READ_EVERY_MS) {
      const { comments, serverTime } = await gh.listComments(ref);
      const fresh: Entry = {
        comments: new Map(),
        readAt: serverTime ?? new Date(this.now()).toISOString(),
        fullAt: this.now(),
        bytes: ENTRY_OVERHEAD,
      };
      this.#replace(key, fresh);
      for (const comment of comments) this.#put(fresh, comment);
      this.#evict();
      // What GitHub sent, rather than a copy decoded from the store, unless a page repeated a comment.
      return fresh.comments.size === comments.length
        ? comments.sort((a, b) => a.id - b.id)
        : this.#list(fresh);
    }
    const since = seconds(new Date(Date.parse(entry.readAt) - SKEW_MS).toISOString());
    const { comments, serverTime } = await gh.listComments(ref, since);
    for (const comment of comments) this.#put(entry, comment);
    entry.readAt = serverTime ?? entry.readAt;
    this.#touch(key, entry);
    this.#evict();
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
        if (old) this.remember(ref, { ...this.#expand(old), body });
      },
      writeTogether: async (ref, writes) => {
        const written = await gh.writeTogether(ref, writes);
        for (const comment of [...written.comments, written.log]) if (comment) this.remember(ref, comment);
        return written;
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
    if (!entry) return;
    this.#put(entry, comment);
    this.#evict();
  }

  forget(ref: IssueRef, commentId: number): void {
    const entry = this.#entries.get(issueKey(ref));
    const old = entry?.comments.get(commentId);
    if (entry && old) {
      entry.comments.delete(commentId);
      entry.bytes -= sizeOf(old);
      this.#bytes -= sizeOf(old);
    }
  }

  #put(entry: Entry, comment: ThreadComment): void {
    const old = entry.comments.get(comment.id);
    const stored = this.#compact(comment);
    const delta = sizeOf(stored) - (old ? sizeOf(old) : 0);
    entry.comments.set(comment.id, stored);
    entry.bytes += delta;
    this.#bytes += delta;
  }

  #compact(comment: ThreadComment): Stored {
    const anchor = comment.htmlUrl.lastIndexOf(ANCHOR);
    const derived = anchor >= 0 && comment.htmlUrl.slice(anchor + ANCHOR.length) === String(comment.id);
    const stored: Stored = {
      id: comment.id,
      // Short bodies are not shared: people's commands vary, and the table would outlive the threads.
      body: comment.body.length >= BUFFER_FROM_CHARS ? encode(comment.body) : comment.body,
      author: this.#share(comment.author),
      authorIsBot: comment.authorIsBot,
      createdAt: comment.createdAt,
      urlBase: this.#share(derived ? comment.htmlUrl.slice(0, anchor) : comment.htmlUrl),
      urlWhole: !derived,
    };
    if (comment.updatedAt !== comment.createdAt) stored.updatedAt = comment.updatedAt;
    if (comment.nodeId !== undefined) stored.nodeId = comment.nodeId;
    return stored;
  }

  #expand(stored: Stored): ThreadComment {
    return {
      id: stored.id,
      body: typeof stored.body === "string" ? stored.body : stored.body.toString("utf8"),
      author: stored.author,
      authorIsBot: stored.authorIsBot,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt ?? stored.createdAt,
      htmlUrl: stored.urlWhole ? stored.urlBase : `${stored.urlBase}${ANCHOR}${stored.id}`,
      ...(stored.nodeId !== undefined ? { nodeId: stored.nodeId } : {}),
    };
  }

  #share(text: string): string {
    const known = this.#shared.get(text);
    if (known !== undefined) return known;
    if (this.#shared.size >= MAX_SHARED) this.#shared.clear();
    this.#shared.set(text, text);
    return text;
  }

  #list(entry: Entry): ThreadComment[] {
    return [...entry.comments.values()].sort((a, b) => a.id - b.id).map((c) => this.#expand(c));
  }

  #replace(key: string, entry: Entry): void {
    const old = this.#entries.get(key);
    if (old) this.#bytes -= old.bytes;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
  }

  #touch(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }

  /** Threads whose next read would be whole anyway hold nothing worth keeping. */
  #expire(): void {
    const now = this.now();
    for (const [key, entry] of this.#entries) {
      if (now - entry.fullAt <= FULL_READ_EVERY_MS) break;
      this.#drop(key, entry);
    }
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes || this.#entries.size <= 1) break;
      this.#drop(key, entry);
    }
  }

  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

function encode(text: string): Buffer {
  // Not Buffer.from: a small one is a slice of a shared 8 KB pool, which it would keep alive.
  const buffer = Buffer.allocUnsafeSlow(Buffer.byteLength(text, "utf8"));
  buffer.write(text, "utf8");
  return buffer;
}

function sizeOf(stored: Stored): number {
  const body = typeof stored.body === "string" ? stored.body.length * 2 : stored.body.length;
  return (
    COMMENT_OVERHEAD + body + (stored.urlWhole ? stored.urlBase.length : 0) + (stored.nodeId?.length ?? 0)
  );
}
