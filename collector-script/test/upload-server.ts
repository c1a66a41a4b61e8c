/**
 * A real HTTP(S) server on 127.0.0.1 implementing the upload-link contract that
 * `netbundle-collect.sh --upload URL` talks to, plus an async collector runner (the
 * server lives in the test process, so the collector must not be run with spawnSync).
 *
 *   POST /u/TOKEN   raw body, Content-Type: application/octet-stream, X-File-Name: NAME (percent-encoded)
 *   201 {"receipt":{"fileName","sizeBytes","sha256","receivedAt","caseTitle"}}
 *   4xx/5xx {"error":{"code","message"}}; unknown token: 404
 *
 *   const srv = await UploadServer.start();
 *   const url = srv.link(["500", "500", "ok"], "Case 4711");   // reply per request, the last one repeats
 *   const run = await runCollectorAsync({ outDir, args: ["--upload", url] });
 *   srv.requests(url)   // what the server received, body included
 *   await srv.close();
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { COLLECTOR, type CollectorRun } from "./lab";

/**
 * "ok": 201 with a correct receipt; "wrong-sha": 201 whose receipt has another sha256;
 * "no-receipt": 201 with `{}`; "drop": close the connection without an answer;
 * a number (as a string, e.g. "410"): that status with an error JSON (message from `messages`).
 */
export type UploadReply = "ok" | "wrong-sha" | "no-receipt" | "drop" | `${number}`;

export interface ReceivedUpload {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** what the server answered (0 = dropped) */
  status: number;
}

interface Link {
  plan: UploadReply[];
  caseTitle: string;
  received: ReceivedUpload[];
}

/** Error messages per status, with quotes and a backslash to exercise the collector's JSON parsing. */
export const ERROR_MESSAGES: Record<number, { code: string; message: string }> = {
  404: { code: "unknown_link", message: "No such upload link" },
  410: { code: "link_expired", message: 'This upload link has expired (case "4711" was closed)' },
  413: { code: "too_large", message: "Bundle exceeds the 1 MiB limit of this link" },
  429: { code: "rate_limited", message: "Too many uploads, slow down" },
  500: { code: "internal", message: "Storage backend unavailable \\ try again" },
  503: { code: "unavailable", message: "Maintenance" },
};

export class UploadServer {
  private links = new Map<string, Link>();
  private constructor(
    private server: http.Server,
    readonly base: string,
  ) {}

  /** Listens on 127.0.0.1 on a random port; with `tls` it speaks HTTPS. */
  static async start(opts: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<UploadServer> {
    let self: UploadServer | undefined;
    const handler: http.RequestListener = (req, res) => self?.handle(req, res);
    const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    self = new UploadServer(server, `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`);
    return self;
  }

  /** A new upload link (a fresh random token) answering with `plan`, one reply per request. */
  link(plan: UploadReply[], caseTitle = "Case 4711: pods lose DNS"): string {
    const token = crypto.randomBytes(16).toString("hex");
    this.links.set(token, { plan, caseTitle, received: [] });
    return `${this.base}/u/${token}`;
  }

  /** Requests received for the link (by URL or token). */
  requests(urlOrToken: string): ReceivedUpload[] {
    return this.links.get(tokenOf(urlOrToken))?.received ?? [];
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const m = /^\/u\/([^/?#]+)\/?(?:\?.*)?$/.exec(req.url ?? "");
      const link = m?.[1] ? this.links.get(m[1]) : undefined;
      const rec: ReceivedUpload = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, status: 0 };
      const send = (status: number, json: unknown) => {
        rec.status = status;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      const fail = (status: number) => send(status, { error: ERROR_MESSAGES[status] ?? { code: "error", message: `status ${status}` } });
      if (!link) return fail(404);
      link.received.push(rec);
      if (req.method !== "POST") return fail(405);
      const reply = link.plan[Math.min(link.received.length - 1, link.plan.length - 1)] ?? "ok";
      if (reply === "drop") {
        req.socket.destroy();
        return;
      }
      if (reply === "no-receipt") return send(201, {});
      if (reply === "ok" || reply === "wrong-sha") {
        const hashed = reply === "ok" ? body : Buffer.concat([body, Buffer.from("x")]);
        const name = req.headers["x-file-name"];
        return send(201, {
          receipt: {
            fileName: decodeURIComponent(typeof name === "string" ? name : "unnamed"),
            sizeBytes: body.length,
            sha256: crypto.createHash("sha256").update(hashed).digest("hex"),
            receivedAt: new Date().toISOString(),
            caseTitle: link.caseTitle,
          },
        });
      }
      return fail(Number(reply));
    });
  }
}

function tokenOf(urlOrToken: string): string {
  const m = /\/u\/([^/?#]+)/.exec(urlOrToken);
  return m?.[1] ?? urlOrToken;
}

/** Self-signed certificate for 127.0.0.1 (EC key: fast to make). */
export function selfSignedCert(dir: string): { key: Buffer; cert: Buffer } {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  const r = spawnSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  ], { stdio: "ignore" });
  if (r.status !== 0) throw new Error("openssl could not make a certificate");
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/**
 * A directory of symlinks to every tool of /usr/local/bin, /usr/sbin, /usr/bin, /sbin, /bin
 * except `without`, plus `extra` (name -> target), to use as the whole PATH.
 */
export function toolFarm(dir: string, without: string[], extra: Record<string, string> = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, target] of Object.entries(extra)) fs.symlinkSync(target, path.join(dir, name));
  for (const d of ["/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d)) {
      const link = path.join(dir, f);
      if (!without.includes(f) && !fs.existsSync(link) && !isLink(link)) fs.symlinkSync(path.join(d, f), link);
    }
  }
  return dir;
}

function isLink(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Like lab.ts runCollector, but does not block the event loop (the upload server runs in it). */
export function runCollectorAsync(opts: {
  outDir: string;
  shell?: "dash" | "busybox" | "bash";
  args?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<CollectorRun> {
  const shell = opts.shell ?? "dash";
  const argv = shell === "busybox" ? ["busybox", "sh", COLLECTOR] : [shell, COLLECTOR];
  const [cmd, ...rest] = argv;
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd as string, [...rest, ...(opts.args ?? [])], {
      cwd: opts.outDir,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const lines = stdout.trim().split("\n");
      resolve({ code, stdout, stderr, bundlePath: lines[lines.length - 1] ?? "", elapsedMs: Date.now() - t0 });
    });
  });
}
