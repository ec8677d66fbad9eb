import { connect } from "node:net";

export const WEBHOOK_HEADERS = {
  "content-type": "application/json",
  "x-github-event": "issues",
  "x-github-delivery": "oversized-1",
  "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
};

/**
 * POSTs `total` bytes in 64 KiB pieces, as fast as the server takes them, and resolves with the
 * answer as soon as the server closes or has answered in full, with how much had been sent when
 * its head arrived. Without a `content-length` header the body is sent chunked. `end: false`
 * leaves the body unfinished, as a client that declared more than it sends. `readAfterSending`
 * sends all of it before reading anything, as a simple client does.
 *
 * HTTP is written on a plain socket: node:http's client is patched by any nock loaded earlier in
 * the same jest worker, and this must reach the real server.
 */
export function rawPost(
  url: string,
  headers: Record<string, string>,
  total: number,
  options: { end?: boolean; readAfterSending?: boolean } = {},
): Promise<{ status: number; sent: number; body: string }> {
  const { hostname, port, pathname, search } = new URL(url);
  const chunked = !Object.keys(headers).some((h) => h.toLowerCase() === "content-length");
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answeredAt: number | null = null;
    let received = "";
    const socket = connect({ host: hostname, port: Number(port) });
    const finish = () => {
      const head = received.split("\r\n\r\n", 1)[0] ?? "";
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 0) return reject(new Error(`no answer (sent ${sent} bytes)`));
      resolve({ status, sent: answeredAt ?? sent, body: received.slice(head.length + 4) });
      socket.destroy();
    };
    socket.setEncoding("utf8");
    if (options.readAfterSending) socket.pause();
    socket.on("data", (data: string) => {
      received += data;
      answeredAt ??= sent;
      const [head, body = ""] = received.split("\r\n\r\n", 2);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head ?? "")?.[1];
      if (received.includes("\r\n\r\n") && length !== undefined && body.length >= Number(length)) finish();
    });
    socket.on("close", finish);
    // Once answered, the server may close while the client still writes: that is the point.
    socket.on("error", (error) => {
      if (answeredAt === null) reject(error);
    });
    const lines = [
      `POST ${pathname}${search} HTTP/1.1`,
      `host: ${hostname}:${port}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ...(chunked && !("transfer-encoding" in headers) ? ["transfer-encoding: chunked"] : []),
    ];
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < total && answeredAt === null && !socket.destroyed) {
        const n = Math.min(piece.length, total - sent);
        sent += n;
        const data = n === piece.length ? piece : piece.subarray(0, n);
        if (chunked) socket.write(`${n.toString(16)}\r\n`);
        socket.write(data);
        if (!socket.write(chunked ? "\r\n" : "")) {
          socket.once("drain", pump);
          return;
        }
      }
      if (options.end !== false && answeredAt === null && chunked && !socket.destroyed)
        socket.write("0\r\n\r\n");
      if (sent === total) socket.resume();
    };
    pump();
  });
}
