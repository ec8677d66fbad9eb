import { createHmac, randomUUID } from "node:crypto";

export interface Delivery {
  /** The `X-GitHub-Delivery` guid: a redelivery keeps it. */
  id: string;
  /** GitHub's number for this attempt in the app's delivery log: a redelivery gets a new one. */
  logId: number;
  redelivery: boolean;
  /** When it was sent, on the stand-in's clock. */
  deliveredAt: string;
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
  #nextLogId = 1;

  constructor(
    private readonly secret: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  send(
    event: string,
    payload: Record<string, unknown>,
    id: string = randomUUID(),
    redelivery = false,
  ): string {
    this.check?.(event, payload);
    const run = () => {
      const p = this.#post(event, payload, id, redelivery).finally(() => {
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
    this.send(original.event, original.payload, id, true);
  }

  /**
   * The app's delivery log as GitHub keeps it: finished attempts of the last three days, newest
   * first. An attempt GitHub could not deliver (no app listening) or that was not answered with
   * 2xx is a failure.
   */
  log(): Delivery[] {
    const oldest = this.clock().getTime() - 3 * 86_400_000;
    return this.deliveries
      .filter((d) => (d.status !== null || d.error !== undefined) && Date.parse(d.deliveredAt) >= oldest)
      .sort((a, b) => b.logId - a.logId);
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

  async #post(
    event: string,
    payload: Record<string, unknown>,
    id: string,
    redelivery: boolean,
  ): Promise<void> {
    const record: Delivery = {
      id,
      logId: this.#nextLogId++,
      redelivery,
      deliveredAt: this.clock().toISOString(),
      event,
      payload,
      action: payload.action as string | undefined,
      status: null,
      sentAt: Date.now(),
      ms: 0,
    };
    this.deliveries.push(record);
    if (!this.url) {
      record.error = "failed to connect to host";
      return;
    }
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
