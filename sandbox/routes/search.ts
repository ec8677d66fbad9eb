import type { Sandbox } from "../context.js";
import { page } from "../context.js";
import { json, validationFailed, type Router } from "../router.js";
import type { Issue, Repo } from "../store.js";

/**
 * `GET /search/issues` for the qualifiers the app uses: label (`label:a,b` for either, as on
 * GitHub), is/state, repo, org/user, and `updated:<` / `updated:>`; `-` before one excludes. With an installation token only the installation's repositories
 * are searched, as on GitHub.
 */
export function searchRoutes(router: Router, sandbox: Sandbox, baseUrl: () => string): void {
  const { store, shapes } = sandbox;
  router.on("GET", "/search/issues", (call) => {
    const q = call.query.get("q");
    if (!q)
      return validationFailed("Validation Failed", [{ resource: "Search", field: "q", code: "missing" }]);
    const terms = q.match(/(?:[^\s"]+:"[^"]*"|[^\s"]+:[^\s]+|"[^"]*"|\S+)/g) ?? [];
    let repos: Repo[] = [...store.repos.values()];
    if (call.actor.kind === "installation") {
      const allowed = call.actor.installation.repositories;
      repos = repos.filter((r) => allowed.includes(r));
    }
    const filters: Array<(repo: Repo, issue: Issue) => boolean> = [];
    for (const term of terms) {
      const negated = term.startsWith("-");
      const [key, ...rest] = (negated ? term.slice(1) : term).split(":");
      const value = rest.join(":").replace(/^"|"$/g, "").toLowerCase();
      const start = filters.length;
      switch (key?.toLowerCase()) {
        case "label": {
          const names = value.split(",").map((v) => v.replace(/^"|"$/g, ""));
          filters.push((_r, i) => i.labels.some((l) => names.includes(l.name.toLowerCase())));
          break;
        }
        case "is":
        case "state":
          if (value === "open" || value === "closed") filters.push((_r, i) => i.state === value);
          if (value === "issue") filters.push((_r, i) => !i.isPull);
          if (value === "pr") filters.push((_r, i) => i.isPull);
          break;
        case "repo":
          filters.push((r) => `${r.owner.login}/${r.name}`.toLowerCase() === value);
          break;
        case "org":
        case "user":
          filters.push((r) => r.owner.login.toLowerCase() === value);
          break;
        case "updated": {
          const op = /^[<>]=?/.exec(value)?.[0] ?? "=";
          const date = value.slice(op === "=" ? 0 : op.length).toUpperCase();
          // A bare date covers the whole day: compare on as many characters as were given.
          const at = (i: Issue) => i.updated_at.slice(0, date.length);
          const compare: Record<string, (a: string) => boolean> = {
            "<": (a) => a < date,
            "<=": (a) => a <= date,
            ">": (a) => a > date,
            ">=": (a) => a >= date,
            "=": (a) => a === date,
          };
          filters.push((_r, i) => compare[op]!(at(i)));
          break;
        }
        default:
          break;
      }
      if (negated && filters.length > start) {
        const keep = filters.pop()!;
        filters.push((r, i) => !keep(r, i));
      }
    }
    const hits = repos
      .flatMap((repo) => repo.issues.map((issue) => ({ repo, issue })))
      .filter(({ repo, issue }) => filters.every((f) => f(repo, issue)))
      .sort((a, b) => (a.issue.updated_at < b.issue.updated_at ? 1 : -1));
    const { items, headers } = page(call, hits, baseUrl());
    return json(
      200,
      {
        total_count: hits.length,
        incomplete_results: false,
        items: items.map(({ repo, issue }) => ({ ...shapes.issue(repo, issue), score: 1 })),
        // Required by GitHub's description, and after `items`: Octokit's paginate takes the first
        // key it does not know as the list, so before `items` it would break every search.
        search_type: "lexical",
      },
      headers,
    );
  });
}
