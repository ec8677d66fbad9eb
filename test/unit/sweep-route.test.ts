import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SWEEP_PATH, sweepRoute } from "../../src/handlers/sweep.js";

const SECRET = "s3cret-of-the-scheduler";

describe("the sweep route's authorization", () => {
  let server: Server;
  let sweeps = 0;
  let url = "";

  beforeAll(async () => {
    const route = sweepRoute(async () => {
      sweeps += 1;
      return { incidents: 0, looked: 0, failed: 0, deliveries: null, reports: 0 };
    }, SECRET);
    server = createServer((req, res) => {
      void route(req, res).then((handled) => handled || res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SWEEP_PATH}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (authorization?: string) => {
    const before = sweeps;
    const response = await fetch(url, { method: "POST", headers: authorization ? { authorization } : {} });
    await response.text();
    return { status: response.status, swept: sweeps > before };
  };

  test("Bearer and the secret run the sweep", async () => {
    expect(await post(`Bearer ${SECRET}`)).toEqual({ status: 200, swept: true });
    expect(await post(`bearer ${SECRET}`)).toEqual({ status: 200, swept: true });
  });

  test.each([
    ["the bare secret", SECRET],
    ["another scheme", `Basic ${SECRET}`],
    ["token scheme", `token ${SECRET}`],
    ["a longer secret", `Bearer ${SECRET}x`],
    ["a shorter secret", `Bearer ${SECRET.slice(0, -1)}`],
    ["an empty secret", "Bearer "],
    ["the secret with a prefix", `Bearer Bearer ${SECRET}`],
  ])("%s is refused with 401", async (_what, authorization) => {
    expect(await post(authorization)).toEqual({ status: 401, swept: false });
  });

  test("no Authorization header is refused with 401", async () => {
    expect(await post()).toEqual({ status: 401, swept: false });
  });
});
