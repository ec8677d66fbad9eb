import type { Config } from "../config/schema.js";
import { evidenceConsent, type RepoAudience } from "../domain/consent.js";
import type { RepositoryPort, RepoRef } from "../github/port.js";
import { loadConfig } from "./load-config.js";
import type { Runtime } from "./runtime.js";

/** A repository's configuration as the app loads it for that repository; null when unusable. */
export type ConfigOf = (repo: RepoRef) => Promise<Config | null>;

export function configOf(gh: RepositoryPort, runtime?: Runtime): ConfigOf {
  return async (repo) => {
    const result = await loadConfig(gh, repo, runtime);
    return result.ok ? result.config : null;
  };
}

export function fullName(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`;
}

type RepoInfo = Awaited<ReturnType<RepositoryPort["getRepo"]>>;

/** Who reads a repository; one the app cannot see is taken as public, the widest audience. */
export async function audienceOf(gh: RepositoryPort, repo: RepoRef): Promise<RepoAudience> {
  return { fullName: fullName(repo), visibility: (await gh.getRepo(repo))?.visibility ?? "public" };
}

/** `owner/name` as a repository reference; names come from validated configuration. */
export function parseRepo(name: string): RepoRef {
  const [owner = "", repo = ""] = name.split("/");
  return { owner, repo };
}

/**
 * `source` as the app sees it, and why what happened there may not be written into `target`'s
 * incidents (null when `source`'s own configuration shares it). A repository the app cannot see
 * gets the same answer, so the note tells a writer of `target` nothing about what exists
 * elsewhere.
 */
export async function sharing(
  gh: RepositoryPort,
  configs: ConfigOf,
  source: RepoRef,
  target: RepoAudience,
  /** Which of `source`'s consents applies: its evidence (default) or its incidents' report. */
  consent: typeof evidenceConsent = evidenceConsent,
): Promise<{ repo: RepoInfo; refused: string | null }> {
  const repo = await gh.getRepo(source);
  const config = repo ? await configs(source) : null;
  const audience = { fullName: fullName(source), visibility: repo?.visibility ?? "private" } as const;
  return { repo, refused: consent(config, audience, target) };
}
