// A local webhook receiver for alert tests: node:http on 127.0.0.1, a free port. It
// records every JSON body per path and answers `failNext` requests with a 500
// first, so a test can watch a channel fail, be retried and then succeed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface AlertHook {
  url: (path: string) => string;
  received: { path: string; body: Record<string, unknown> }[];
  bodies: (path: string) => Record<string, unknown>[];
  failNext: number;
  close: () => Promise<void>;
}

export async function startAlertHook(): Promise<AlertHook> {
  const hook: Omit<AlertHook, "url" | "close"> = {
    received: [],
    bodies: (path) => hook.received.filter((r) => r.path === path).map((r) => r.body),
    failNext: 0,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (hook.failNext > 0) {
        hook.failNext -= 1;
        res.writeHead(500, { "content-type": "text/plain" }).end("hook is down");
        return;
      }
      hook.received.push({ path: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(hook, {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
