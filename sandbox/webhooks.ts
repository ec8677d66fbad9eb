import { createHmac, randomUUID } from "node:crypto";

export interface Delivery {
  id: string;
  event: string;
  payload: Record<string, unknown>;
  action: string | undefined;
  status: number | null;
  error?: string;
  /** When it was sent (Date.now()) and how long the app took to answer. */
  sentAt: number;
  ms: number;
}

/**
 * Sends webhooks to the app the way GitHub does: an HTTP POST with `X-GitHub-Event`,
 * `X-GitHub-Delivery` and `X-Hub-Signature-256`, as soon as the event happens (so deliveries
 * overlap, as they do on GitHub). `idle()` resolves when every delivery sent has been answered.
 */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  #inflight = new Set<Promise<void>>();
  #waiters: Array<() => void> = [];
  /** Where deliveries go; null drops them (GitHub failed to deliver). */
  url: string | null = null;
  /** More app processes behind no load balancer: deliveries go to each in turn. */
  more: string[] = [];
  #turn = 0;
  paused = false;
  /** Called with every payload as it is sent (the stand-in checks it against GitHub's schemas). */
  check: ((event: string, payload: Record<string, unknown>) => void) | null = null;
  #held: Array<() => void> = [];

  constructor(private readonly secret: string) {}

  send(event: string, payload: Record<string, unknown>, id: string = randomUUID()): string {
    this.check?.(event, payload);
    const run = () => {
      const p = this.#post(event, payload, id).finally(() => {
        this.#inflight.delete(p);
        if (this.#inflight.size === 0) this.#waiters.splice(0).forEach((w) => w());
      });
      this.#inflight.add(p);
    };
    if (this.paused) this.#held.push(run);
    else run();
    return id;
  }

  /** Sends a delivery again with the same id, as "Redeliver" in GitHub's settings does. */
  redeliver(id: string): void {
    const original = this.deliveries.find((d) => d.id === id);
    if (!original) throw new Error(`no delivery ${id}`);
    this.send(original.event, original.payload, id);
  }

  /** Release deliveries held while paused, in the order they happened. */
  resume(): void {
    this.paused = false;
    this.#held.splice(0).forEach((run) => run());
  }

  /** Resolves when no delivery is in flight (held ones, while paused, do not count). */
  async idle(): Promise<void> {
    if (this.#inflight.size === 0) return;
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  sign(body: string): string {
    return `sha256=${createHmac("sha256", this.secret).update(body).digest("hex")}`;
  }

  async #post(event: string, payload: Record<string, unknown>, id: string): Promise<void> {
    const record: Delivery = {
      id,
      event,
      payload,
      action: payload.action as string | undefined,
      status: null,
      sentAt: Date.now(),
      ms: 0,
    };
    this.deliveries.push(record);
    if (!this.url) return;
    const targets = [this.url, ...this.more];
    const target = targets[this.#turn++ % targets.length]!;
    const body = JSON.stringify(payload);
    const started = performance.now();
    record.sentAt = Date.now();
    try {
      const response = await fetch(target, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/stand-in",
          "x-github-event": event,
          "x-github-delivery": id,
          "x-github-hook-id": "1",
          "x-hub-signature-256": this.sign(body),
        },
        body,
      });
      await response.arrayBuffer();
      record.status = response.status;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    } finally {
      record.ms = performance.now() - started;
    }
  }
}
