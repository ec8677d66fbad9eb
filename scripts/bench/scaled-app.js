// The built app under Probot's runner, exactly as `npm start` runs it, but with every throttling
// interval divided by BENCH_SCALE: for bench phases that count requests or memory, not time.
import process from "node:process";
import { run } from "probot";
import { throttledOctokit } from "../../lib/github/throttle.js";
import app from "../../lib/index.js";

await run(app, { Octokit: throttledOctokit(Number(process.env.BENCH_SCALE) || 1) });
