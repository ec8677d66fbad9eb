import type { Alert } from "./alert-batch.js";
import { ALERT_LIMITS } from "./alert-limits.js";
import { boundedTitle } from "./bounded-text.js";
import { httpUrl } from "./safe-url.js";

export type AlertLink = Alert["links"][number];

/**
 * Collects an alert's links: the http(s) ones only, each URL once per kind, at most
 * ALERT_LIMITS.linksPerAlert (a PagerDuty event may list any number).
 */
export class AlertLinks {
  readonly #links: AlertLink[] = [];

  add(kind: string, url: unknown, text: unknown = null): this {
    if (this.#links.length >= ALERT_LIMITS.linksPerAlert) return this;
    const href = httpUrl(url);
    if (href === null || this.#links.some((l) => l.kind === kind && l.url === href)) return this;
    this.#links.push({ kind, url: href, text: boundedTitle(text) });
    return this;
  }

  list(): AlertLink[] {
    return [...this.#links];
  }
}
