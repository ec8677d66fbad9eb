import { spawn, spawnSync } from "node:child_process";
import { freePort } from "../../sandbox/free-port.js";

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real redis-server on loopback, in memory only. CI installs it from Debian's packages
 * (.ci/run); elsewhere `apt-get install redis-server` or your system's package.
 */
export async function startRedis(): Promise<RedisServer> {
  if (spawnSync("redis-server", ["--version"]).error)
    throw new Error("redis-server is not installed: this test needs it (apt-get install redis-server)");
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output.join("")}`)),
      10_000,
    );
    child.stdout.on("data", (d: Buffer) => {
      output.push(d.toString());
      if (output.join("").includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output.join("")}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
