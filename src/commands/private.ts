import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { noArgs } from "./args.js";

export const NO_PRIVATE_REPOSITORY =
  "No private repository is configured: set `private.repository` in `.github/incident-response.yml` first (and list this repository under `consent.private` in that repository's own).";

export const privateIncident = defineCommand({
  name: "private",
  aliases: [],
  usage: "/private",
  description:
    "Moves the incident, with its whole thread, to the configured private repository (`private.repository`), for a security incident say; from then on nothing about it is published.",
  examples: ["/private"],
  who: "write",
  args: noArgs,
  decide: ({ state, config, issue }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const moved = state.private?.movedFrom;
    if (moved)
      return refuse(
        `This incident is private already: it was moved here from ${moved.repo}#${moved.number}.`,
      );
    const to = config.private.repository;
    if (to === null) return refuse(NO_PRIVATE_REPOSITORY);
    if (to.toLowerCase() === issue.repo.toLowerCase())
      return refuse(`This incident is in ${to}, the private repository, already.`);
    // GitHub moves open issues only.
    if (!issue.open) return refuse("Only an open issue can be moved: reopen it first.");
    return accept({ type: "private_requested", to, because: "command" });
  },
});
