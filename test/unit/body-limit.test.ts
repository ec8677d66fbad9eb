import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { limitWebhookBody } from "../../src/handlers/body-limit.js";
import { readEnvironment, WEBHOOK_MAX_BYTES } from "../../src/config/environment.js";

const webhookMaxBytes = (env: Record<string, string>) => readEnvironment(env).webhookMaxBytes;
import { rawPost } from "../helpers/raw-post.js";

const MAX = 1024;

describe("the webhook body limit", () => {
  let server: Server;
  let base = "";
  const seen: Array<{ path: string; body: unknown }> = [];

  beforeAll(async () => {
    // Stands in for @octokit/webhooks' middleware: it takes `req.body` when that is a string.
    const inner = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
      seen.push({ path: req.url ?? "", body: req.body });
      res.writeHead(200, { "content-length": "2" }).end("ok");
      return true;
    };
    const guarded = limitWebhookBody(inner, "/api/github/webhooks", MAX);
    server = createServer((req, res) => void guarded(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a body within the limit is handed on as text, chunked or not", async () => {
    seen.length = 0;
    const plain = await rawPost(`${base}/api/github/webhooks`, { "content-length": String(MAX) }, MAX);
    const chunked = await rawPost(`${base}/api/github/webhooks`, { "transfer-encoding": "chunked" }, MAX);
    expect([plain.status, chunked.status]).toEqual([200, 200]);
    expect(seen.map((s) => s.body)).toEqual([" ".repeat(MAX), " ".repeat(MAX)]);
  });

  test.each(["/api/github/webhooks", "/api/github/webhooks///", "/api/github/webhooks?x=1"])(
    "a chunked body over the limit at %s is refused with 413 and never handed on",
    async (path) => {
      seen.length = 0;
      const answer = await rawPost(`${base}${path}`, { "transfer-encoding": "chunked" }, 64 * MAX);
      expect(answer.status).toBe(413);
      expect(seen).toEqual([]);
    },
  );

  // Closing with the client's data unread makes the kernel reset the connection, and a client
  // still writing then never sees its 413; CI once failed on that race.
  test("a client that sends its whole body before reading still gets its 413", async () => {
    const answer = await rawPost(
      `${base}/api/github/webhooks`,
      { "transfer-encoding": "chunked" },
      16 * 2 ** 20,
      {
        readAfterSending: true,
      },
    );
    expect(answer).toMatchObject({ status: 413, sent: 16 * 2 ** 20 });
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringContaining(`over ${MAX} bytes`) });
  });

  test("a declared length over the limit is refused on any path, before the body comes", async () => {
    seen.length = 0;
    const headers = { "content-length": String(MAX + 1) };
    const answers = await Promise.all([
      rawPost(`${base}/api/github/webhooks`, headers, 1, { end: false }),
      rawPost(`${base}/elsewhere`, headers, 1, { end: false }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([413, 413]);
    expect(seen).toEqual([]);
  });

  test("other routes get their request unread", async () => {
    seen.length = 0;
    const answer = await rawPost(`${base}/incident-response/sweep`, { "transfer-encoding": "chunked" }, 10);
    expect(answer.status).toBe(200);
    expect(seen).toEqual([{ path: "/incident-response/sweep", body: undefined }]);
  });

  test("WEBHOOK_MAX_BYTES lowers the limit, never past GitHub's 25 MB cap", () => {
    expect(WEBHOOK_MAX_BYTES).toBe(25 * 1024 * 1024);
    expect(webhookMaxBytes({})).toBe(WEBHOOK_MAX_BYTES);
    expect(webhookMaxBytes({ WEBHOOK_MAX_BYTES: "4096" })).toBe(4096);
    expect(webhookMaxBytes({ WEBHOOK_MAX_BYTES: String(10 ** 12) })).toBe(WEBHOOK_MAX_BYTES);
    expect(webhookMaxBytes({ WEBHOOK_MAX_BYTES: "lots" })).toBe(WEBHOOK_MAX_BYTES);
    expect(webhookMaxBytes({ WEBHOOK_MAX_BYTES: "-1" })).toBe(WEBHOOK_MAX_BYTES);
  });
});
