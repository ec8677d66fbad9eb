/**
 * Fault injection: make the next N requests that match fail the way GitHub fails. A rule can
 * apply the write first and then fail ("GitHub created it, then the response was lost"), only
 * delay the answer, or let something else happen first (a concurrent push).
 */
export interface FaultRule {
  method?: string;
  /** A substring of the path (after /api/v3; GraphQL's is `/graphql`), or a pattern. */
  path: string | RegExp;
  /** For GraphQL: only documents with this operation name (`mutation WriteTogether ...`). */
  operation?: string;
  /** Only requests of the app (an installation token) or of people; both when unset. */
  actor?: "installation" | "user";
  /** How many matching requests fail (default 1). */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Apply the request as GitHub would, then answer with the fault anyway. */
  afterApply?: boolean;
  /** Wait this long before answering (with or without a failure status). */
  delayMs?: number;
  /**
   * Runs when the rule takes a request, before the request is applied: what someone else does
   * just then, e.g. pushes to the branch the request is about to move (`store.seedBranch`).
   */
  run?: () => void;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export class Faults {
  #rules: ActiveRule[] = [];
  /** Every request a rule answered, for tests to count. */
  readonly hits: Array<{ method: string; path: string; status: number | null }> = [];

  add(rule: FaultRule): void {
    this.#rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The rule that applies to this request, counting it down. */
  take(method: string, path: string, actor?: string, operation?: string): FaultRule | null {
    const rule = this.#rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.actor || r.actor === actor) &&
        (!r.operation || r.operation === operation) &&
        (!r.method || r.method.toUpperCase() === method) &&
        (typeof r.path === "string" ? path.includes(r.path) : r.path.test(path)),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    this.hits.push({ method, path, status: rule.status ?? null });
    rule.run?.();
    return rule;
  }
}
