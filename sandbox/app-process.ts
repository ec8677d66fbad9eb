import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port.js";
import type { StandIn } from "./stand-in.js";

/**
 * V8's heap for a server that keeps about 30 MB: young generation semi-spaces of 4 MB (V8's
 * default grows them to 16 MB, and everything a burst of webhooks allocates then waits there and
 * is promoted in bulk), and an old generation capped at 512 MB (V8 sizes it from the machine's
 * memory, 4 GB on a large host, and grows it up to four times what survived the last collection
 * while far from that cap). Together they keep the process near 130 MB after 1,000 incidents
 * instead of 240 MB (`npm run bench`, memory).
 */
export const NODE_FLAGS = ["--max-semi-space-size=4", "--max-old-space-size=512"] as const;
export const ENTRY = "lib/main.js";
/** What `npm start` and the container run; the tests run the same. */
export const START_COMMAND = ["node", ...NODE_FLAGS, ENTRY] as const;

/** The secret of the sweep route of an app started against the stand-in. */
export const SANDBOX_SWEEP_SECRET = "sandbox-sweep";

export interface AppProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** Resolves when the app has nothing in flight (it answers webhooks before handling them). */
  idle(): Promise<void>;
  /** Runs the reminder sweep through the app's authenticated route. */
  sweep(): Promise<{ incidents: number; looked: number; failed: number }>;
  stop(): Promise<void>;
}

/**
 * Runs the built app exactly as `npm start` does (`node <NODE_FLAGS> lib/main.js`), configured for the
 * stand-in as for GitHub Enterprise Server: GHE_HOST and GHE_PROTOCOL=http.
 */
export async function startAppProcess(
  gh: StandIn,
  options: {
    port?: number;
    env?: Record<string, string>;
    entry?: string;
    /** More Node flags, after NODE_FLAGS (a later flag wins). */
    flags?: readonly string[];
  } = {},
): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const output: string[] = [];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...(options.flags ?? []), options.entry ?? ENTRY], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ID: String(gh.appId),
      PRIVATE_KEY: gh.privateKey,
      WEBHOOK_SECRET: gh.webhookSecret,
      GHE_HOST: gh.host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      SWEEP_SECRET: SANDBOX_SWEEP_SECRET,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the app exited with code ${child.exitCode}:\n${output.join("")}`);
    try {
      const response = await fetch(`${url}/ping`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not start within 20 s:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output,
    idle: async () => {
      for (;;) {
        await gh.hooks.idle();
        const before = gh.hooks.deliveries.length;
        const response = await fetch(`${url}/incident-response/ready`);
        const { inFlight } = (await response.json()) as { inFlight: number };
        if (inFlight === 0 && gh.hooks.deliveries.length === before) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    sweep: async () => {
      const response = await fetch(`${url}/incident-response/sweep`, {
        method: "POST",
        headers: { authorization: `Bearer ${SANDBOX_SWEEP_SECRET}` },
      });
      if (!response.ok) throw new Error(`the sweep answered ${response.status}`);
      return (await response.json()) as { incidents: number; looked: number; failed: number };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
