import { run } from "probot";
import { throttledOctokit } from "./github/throttle.js";
import app from "./index.js";
import { completeSetupManifest } from "./setup.js";

// `npm start`: Probot's own runner (the same environment variables as `probot run`, the setup
// flow when there are no credentials yet), with the app's write budget in place of Probot's.
await completeSetupManifest();
await run(app, { Octokit: throttledOctokit() });
