import { request } from "node:http";

export const WEBHOOK_HEADERS = {
  "content-type": "application/json",
  "x-github-event": "issues",
  "x-github-delivery": "oversized-1",
  "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
};

/**
 * POSTs `total` bytes in 64 KiB pieces, as fast as the server takes them, and resolves with the
 * answer as soon as its head arrives, with how much had been sent by then. `end: false` leaves
 * the body unfinished, as a client that declared more than it sends.
 */
export function rawPost(
  url: string,
  headers: Record<string, string>,
  total: number,
  options: { end?: boolean } = {},
): Promise<{ status: number; sent: number; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({ host: hostname, port, path: pathname, method: "POST", headers });
    req.on("response", (res) => {
      answered = true;
      const at = sent;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, sent: at, body });
        req.destroy();
      });
    });
    // Once answered, the server may close while the client still writes: that is the point.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < total && !answered && !req.destroyed) {
        const n = Math.min(piece.length, total - sent);
        sent += n;
        if (!req.write(n === piece.length ? piece : piece.subarray(0, n))) {
          req.once("drain", pump);
          return;
        }
      }
      if (options.end !== false && !answered) req.end();
    };
    pump();
  });
}
