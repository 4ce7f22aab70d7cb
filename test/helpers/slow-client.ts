// A client that sends its request body one byte at a time, as a slow or hostile client does.
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface SlowExchange {
  status: number;
  /** Response headers, lower-cased, as one block. */
  headers: string;
  body: string;
  /** Body bytes the client had sent when the server closed the connection. */
  bytesSent: number;
  bodyLength: number;
}

/**
 * Sends `method path` with `headers`, then `body` one byte every `gapMs`, and resolves when the server
 * closes the connection, with what it answered.
 */
export function sendSlowly(
  url: string,
  request: { method: string; path: string; headers: Record<string, string>; body: string; gapMs: number },
): Promise<SlowExchange> {
  const { hostname, port } = new URL(url);
  const bodyBytes = Buffer.from(request.body);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    let bytesSent = 0;
    let closed = false;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      closed = true;
      const [head = "", body = ""] = received.split("\r\n\r\n");
      resolve({
        status: Number(head.split(" ")[1]),
        headers: head.toLowerCase(),
        body,
        bytesSent,
        bodyLength: bodyBytes.length,
      });
    });
    socket.on("connect", async () => {
      const headers = { ...request.headers, host: hostname, "content-length": String(bodyBytes.length) };
      socket.write(
        `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join("")}\r\n`,
      );
      for (const byte of bodyBytes) {
        await sleep(request.gapMs);
        if (closed || socket.destroyed) return;
        socket.write(Buffer.from([byte]));
        bytesSent++;
      }
    });
  });
}
