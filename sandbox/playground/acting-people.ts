import type { Repo, Store } from "../store.js";

/** A bot that is not the app: GitHub sends its comments too, and the app must not take commands from it. */
export const PLAYGROUND_BOT = "dependabot[bot]";

export interface ActingPerson {
  login: string;
  /** The repository role (`admin` … `read`), or `bot`. */
  role: string;
}

/** Who the playground lets a visitor act as in a repository: its collaborators, then a bot. */
export function actingPeople(store: Store, repo: Repo): ActingPerson[] {
  const people = [...repo.collaborators].map(([key, role]) => ({
    login: store.users.get(key)?.login ?? key,
    role,
  }));
  return [...people, { login: PLAYGROUND_BOT, role: "bot" }];
}
