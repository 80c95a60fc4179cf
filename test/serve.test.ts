// scripts/lib/serve.mjs, the server npm start runs: whatever x-am-remote-address a
// client sends, the app sees the socket's peer address there.
import { once } from "node:events";
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readyUrl, remoteAddressHeader, servedMark, stampRemoteAddress } from "../scripts/lib/serve.mjs";
import { remoteAddressHeader as appHeader, servedMark as appMark } from "../lib/http/client-address";

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((done) => s.close(done));
});

/** A server that stamps like serve.mjs and answers with the headers the app would see. */
async function echoServer() {
  const server = createServer((req, res) => {
    stampRemoteAddress(req);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.headers));
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

function get(port: number, rawHeaders: string[]): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    // A raw header list, so the same header can be sent twice and in any case.
    // With a raw list Node adds no Host header itself.
    const req = request({ host: "127.0.0.1", port, path: "/", headers: ["Host", `127.0.0.1:${port}`, ...rawHeaders] }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve(JSON.parse(body) as IncomingHttpHeaders));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the serve module's request rewrite", () => {
  it("uses the same header name and process mark as lib/http/client-address.ts", () => {
    expect(remoteAddressHeader).toBe(appHeader);
    expect(servedMark).toBe(appMark);
  });

  it("overwrites a forged x-am-remote-address with the socket address", async () => {
    const port = await echoServer();
    const seen = await get(port, ["X-AM-Remote-Address", "203.0.113.66", "x-am-remote-address", "198.51.100.1", "X-Forwarded-For", "203.0.113.66"]);
    expect(seen[remoteAddressHeader]).toBe("127.0.0.1");
    expect(seen["x-forwarded-for"]).toBe("203.0.113.66"); // left alone: TRUST_PROXY decides about it
  });

  it("sets it when the client sent none", async () => {
    const port = await echoServer();
    expect((await get(port, []))[remoteAddressHeader]).toBe("127.0.0.1");
  });

  it("prints the URL as next start did", () => {
    expect(readyUrl(undefined, 3000)).toBe("http://localhost:3000");
    expect(readyUrl("127.0.0.1", 3100)).toBe("http://127.0.0.1:3100");
    expect(readyUrl("::1", 3100)).toBe("http://[::1]:3100");
  });
});
