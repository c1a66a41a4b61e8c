// The server's upload timeouts (scripts/http-timeouts.cjs, preloaded into `next start`): no
// limit on a request's total time, only on idleness. Checked on a real http.Server in a child
// process with the preload and a short idle limit: a slow upload that keeps sending outlives
// the limit many times over; one that stalls is cut.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PRELOAD = path.resolve(__dirname, "../../scripts/http-timeouts.cjs");
const IDLE_MS = 800;
const SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  let n = 0;
  req.on("data", (c) => (n += c.length));
  req.on("end", () => res.end(String(n)));
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port, requestTimeout: server.requestTimeout, timeout: server.timeout })));
`;

let child: ChildProcess;
let info: { port: number; requestTimeout: number; timeout: number };

beforeAll(async () => {
  child = spawn(process.execPath, ["--require", PRELOAD, "-e", SERVER], { env: { ...process.env, NETBUNDLE_HTTP_IDLE_MS: String(IDLE_MS) }, stdio: ["ignore", "pipe", "inherit"] });
  info = await new Promise((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(JSON.parse(d.toString())));
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
});
afterAll(() => {
  child?.kill();
});

/** A raw HTTP upload sending `chunks` pieces `gapMs` apart; the response text, or the error that ended it. */
function upload(chunks: number, gapMs: number): Promise<{ status?: string; error?: string }> {
  return new Promise((resolve) => {
    const sock = net.connect(info.port, "127.0.0.1");
    const piece = Buffer.alloc(1024, 1);
    let reply = "";
    sock.on("data", (d) => (reply += d.toString()));
    sock.on("error", (e) => resolve({ error: e.message }));
    sock.on("close", () => resolve(reply ? { status: reply } : { error: "closed without an answer" }));
    sock.write(`POST /u HTTP/1.1\r\nHost: x\r\nContent-Length: ${chunks * piece.length + 1}\r\nConnection: close\r\n\r\n`);
    let sent = 0;
    const tick = setInterval(() => {
      if (sock.destroyed) return clearInterval(tick);
      sock.write(piece);
      if (++sent === chunks) clearInterval(tick);
    }, gapMs);
    // the last byte only after the stall (when gapMs is long, the server gives up first)
    setTimeout(() => !sock.destroyed && sock.write(Buffer.alloc(1)), chunks * gapMs + 50);
  });
}

describe("upload timeouts", () => {
  it("puts no limit on a request's total time, only on idleness", () => {
    expect(info.requestTimeout).toBe(0);
    expect(info.timeout).toBe(IDLE_MS);
  });

  it("accepts a slow upload that keeps sending for many times the idle limit", async () => {
    const r = await upload(16, IDLE_MS / 4);
    expect(r.error).toBeUndefined();
    expect(r.status).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\r\n\r\n16385$/);
  });

  it("cuts an upload that stops sending for longer than the idle limit", async () => {
    const r = await upload(2, IDLE_MS * 3);
    expect(r.status ?? "").not.toMatch(/ 200 OK/);
  });
});
