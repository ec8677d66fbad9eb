import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { htmlTranscript, MERMAID_FILE } from "../../scripts/demo/transcript.js";
import { person } from "../people.js";
import { Router, type Call, type Reply } from "../router.js";
import type { Issue, Repo, Store } from "../store.js";
import { actingPeople, PLAYGROUND_BOT } from "./acting-people.js";
import { escapeHtml } from "./escape-html.js";
import { issueForms, newIssueForm } from "./forms.js";
import { issueList } from "./issue-list.js";
import { liveReply } from "./live-reply.js";
import { htmlReply, jsonReply, messagePage } from "./replies.js";
import { mermaidBundle, transcriptScriptSources } from "./transcript-scripts.js";

export interface PageRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Playground {
  /** Answers a request outside /api/: an issue page at its `html_url`, the list, or a form. */
  answer(request: PageRequest): Promise<Reply>;
}

/**
 * The stand-in's issues as web pages at their `html_url`, with forms to act as the stand-in's
 * people through its REST API, so that the app gets the webhooks as from GitHub. A local
 * development tool: the stand-in listens on 127.0.0.1 only, pages answer only to its own host
 * name (no DNS rebinding), and forms carry a token made for this run (no other site can post them).
 */
export function playground(store: Store, origin: () => string): Playground {
  const token = randomBytes(18).toString("base64url");
  const router = new Router();
  const pathOf = (repo: Repo) => `/${repo.owner.login}/${repo.name}/issues`;
  const repoOf = (call: Call) => store.repo(call.params.owner!, call.params.repo!);
  const issueOf = (call: Call): { repo: Repo; issue: Issue } | null => {
    const repo = repoOf(call);
    const issue = repo?.issues.find((i) => i.number === Number(call.params.number) && !i.isPull);
    return repo && issue ? { repo, issue } : null;
  };
  const notFound = (call: Call) =>
    messagePage(404, "Not found", `The stand-in has nothing at ${call.path}.`, "/");
  const nav = (repo: Repo, issue?: Issue) =>
    `<a href="${escapeHtml(pathOf(repo))}">${escapeHtml(`${repo.owner.login}/${repo.name}`)}</a>${issue ? `<span>#${issue.number}</span><a class="pg-jump" href="#pg-comment">Comment ↓</a>` : `<a class="pg-jump" href="#new">Open an issue ↓</a>`}`;

  const wantsJson = (call: Call) => String(call.headers.accept ?? "").includes("application/json");
  const done = (call: Call, location: string, said: string): Reply =>
    wantsJson(call) ? jsonReply(200, { location, done: said }) : { status: 303, headers: { location } };
  const failed = (call: Call, status: number, message: string, back: string): Reply =>
    wantsJson(call) ? jsonReply(status, { error: message }) : messagePage(status, "Not done", message, back);

  /** The form's person, checked against the run's token and the repository's people. */
  const actor = (call: Call, repo: Repo, back: string): { login: string } | Reply => {
    const form = call.body as URLSearchParams;
    const sent = Buffer.from(form.get("token") ?? "");
    if (sent.length !== token.length || !timingSafeEqual(sent, Buffer.from(token)))
      return failed(call, 403, "This form is not from this run of the playground: reload the page.", back);
    const login = form.get("as") ?? "";
    if (!actingPeople(store, repo).some((p) => p.login === login))
      return failed(call, 400, `Choose one of the people of ${repo.owner.login}/${repo.name}.`, back);
    // Only a bot's own account is a bot on GitHub; the stand-in makes people's as they first act.
    if (login === PLAYGROUND_BOT) store.user(PLAYGROUND_BOT, "Bot");
    return { login };
  };
  /** A form on an issue's page: the issue, where to go back to, and the person acting. */
  const issueActor = (
    call: Call,
  ): { repo: Repo; issue: Issue; back: string; who: { login: string } } | Reply => {
    const found = issueOf(call);
    if (!found) return notFound(call);
    const back = `${pathOf(found.repo)}/${found.issue.number}`;
    const who = actor(call, found.repo, back);
    return "login" in who ? { ...found, back, who } : who;
  };
  /** Acts through the stand-in's REST API, as the person would on GitHub. */
  const act = async (call: Call, back: string, action: () => Promise<Reply>): Promise<Reply> => {
    try {
      return await action();
    } catch (error) {
      return failed(
        call,
        422,
        `The stand-in refused: ${error instanceof Error ? error.message : String(error)}`,
        back,
      );
    }
  };

  router
    .on("GET", "/favicon.ico", () => ({ status: 204 }))
    .on("GET", "/", (call) => {
      const repos = [...store.repos.values()];
      if (repos.length === 1) return { status: 302, headers: { location: pathOf(repos[0]!) } };
      const links = repos.map(
        (r) => `<li><a href="${escapeHtml(pathOf(r))}">${escapeHtml(`${r.owner.login}/${r.name}`)}</a></li>`,
      );
      return repos.length
        ? htmlReply(
            200,
            `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Repositories</title></head><body style="font: 14px/1.5 sans-serif; margin: 24px"><h1>Repositories</h1><ul>${links.join("")}</ul></body></html>`,
          )
        : notFound(call);
    })
    .on("GET", "/:owner/:repo", (call) => {
      const repo = repoOf(call);
      return repo ? { status: 302, headers: { location: pathOf(repo) } } : notFound(call);
    })
    .on("GET", "/:owner/:repo/issues", (call) => {
      const repo = repoOf(call);
      if (!repo) return notFound(call);
      return liveReply(call, issueList(repo, pathOf(repo)), {
        title: `${repo.owner.login}/${repo.name} · issues`,
        nav: nav(repo),
        aside: newIssueForm(pathOf(repo), token, actingPeople(store, repo)),
      });
    })
    .on("GET", `/:owner/:repo/issues/${MERMAID_FILE}`, () => ({
      status: 200,
      body: mermaidBundle(),
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "max-age=86400" },
    }))
    .on("GET", "/:owner/:repo/issues/:number", (call) => {
      const found = issueOf(call);
      if (!found) return notFound(call);
      const { repo, issue } = found;
      // The transcript shows what people wrote safely (scripts/demo/safe-markdown.ts).
      const thread = { repo, issue, comments: repo.comments.filter((c) => c.issueNumber === issue.number) };
      const path = `${pathOf(repo)}/${issue.number}`;
      return liveReply(
        call,
        htmlTranscript([thread], `${repo.owner.login}/${repo.name}`),
        {
          title: `${issue.title} · ${repo.owner.login}/${repo.name}#${issue.number}`,
          nav: nav(repo, issue),
          aside: issueForms(
            path,
            token,
            actingPeople(store, repo),
            repo.labels.map((l) => l.name),
          ),
        },
        transcriptScriptSources(new URL(call.path, `http://${String(call.headers.host)}`), thread),
      );
    })
    .on("POST", "/:owner/:repo/issues", async (call) => {
      const repo = repoOf(call);
      if (!repo) return notFound(call);
      const back = pathOf(repo);
      const who = actor(call, repo, back);
      if (!("login" in who)) return who;
      const form = call.body as URLSearchParams;
      const title = (form.get("title") ?? "").trim();
      if (!title) return failed(call, 400, "An issue needs a title.", back);
      const labels = (form.get("labels") ?? "")
        .split(",")
        .map((l) => l.trim())
        .filter(Boolean);
      return act(call, back, async () => {
        const issue = await person(origin(), who.login).openIssue(
          `${repo.owner.login}/${repo.name}`,
          title,
          form.get("body") ?? "",
          labels,
        );
        return done(call, `${back}/${issue.number}`, `${who.login} opened #${issue.number}`);
      });
    })
    .on("POST", "/:owner/:repo/issues/:number/comments", async (call) => {
      const found = issueActor(call);
      if (!("who" in found)) return found;
      const { repo, issue, back, who } = found;
      const body = (call.body as URLSearchParams).get("body") ?? "";
      if (!body.trim()) return failed(call, 400, "Write a comment first.", back);
      return act(call, back, async () => {
        await person(origin(), who.login).comment(`${repo.owner.login}/${repo.name}`, issue.number, body);
        return done(call, back, `${who.login} commented; the app answers in a moment.`);
      });
    })
    .on("POST", "/:owner/:repo/issues/:number/labels", async (call) => {
      const found = issueActor(call);
      if (!("who" in found)) return found;
      const { repo, issue, back, who } = found;
      const label = ((call.body as URLSearchParams).get("label") ?? "").trim();
      if (!label) return failed(call, 400, "Name a label.", back);
      return act(call, back, async () => {
        await person(origin(), who.login).label(`${repo.owner.login}/${repo.name}`, issue.number, label);
        return done(call, back, `${who.login} added ${label}.`);
      });
    });

  return {
    answer: async (request) => {
      const own = new URL(origin());
      const hosts = [own.host, `localhost:${own.port}`];
      // Another site's name pointed at 127.0.0.1 must not read the pages, or their token.
      if (!hosts.includes(String(request.headers.host ?? "")))
        return messagePage(421, "Misdirected", `The playground answers at ${own.origin} only.`, own.origin);
      const path = request.url.pathname;
      const matched = router.match(request.method, path);
      const call: Call = {
        method: request.method,
        path,
        params: matched?.params ?? {},
        query: request.url.searchParams,
        headers: request.headers,
        body: new URLSearchParams(request.method === "POST" ? request.body : ""),
        actor: { kind: "anonymous" },
      };
      return matched ? matched.handler(call) : notFound(call);
    },
  };
}
