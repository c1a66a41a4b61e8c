// netbundle-collect.sh --upload URL against a real upload server on 127.0.0.1 (see
// test/upload-server.ts): real collector runs (dash unless said otherwise), with curl and
// with GNU wget (curl hidden by a PATH of symlinks), receipts, retries, TLS, usage errors.
// The collector also runs without root (then it collects its own netns only): no root gate.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractBundle, type CollectorRun } from "./test/lab";
import { ERROR_MESSAGES, runCollectorAsync, selfSignedCert, toolFarm, UploadServer } from "./test/upload-server";

const PROXY_VARS = ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];
const has = (tool: string) => (process.env.PATH ?? "").split(":").some((d) => d && fs.existsSync(path.join(d, tool)));
// the wget runs hide curl; without GNU wget on this host they are left out
const CLIENTS = has("wget") ? (["curl", "wget"] as const) : (["curl"] as const);

describe("netbundle-collect.sh --upload", () => {
  let work = "";
  let srv: UploadServer;
  let tlsSrv: UploadServer;
  let seq = 0;
  const farms: Record<string, string> = {};

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "nbc-upload-"));
    srv = await UploadServer.start();
    tlsSrv = await UploadServer.start({ tls: selfSignedCert(work) });
    // PATHs: everything but curl (-> GNU wget); but curl and wget; wget = busybox;
    // no sha256 tool at all; only openssl for sha256
    farms.noCurl = toolFarm(path.join(work, "farm-nocurl"), ["curl"]);
    farms.noClient = toolFarm(path.join(work, "farm-noclient"), ["curl", "wget"]);
    farms.busyboxWget = toolFarm(path.join(work, "farm-bbwget"), ["curl", "wget"], { wget: "/usr/bin/busybox" });
    farms.noSha = toolFarm(path.join(work, "farm-nosha"), ["sha256sum", "busybox", "openssl", "shasum"]);
    farms.opensslSha = toolFarm(path.join(work, "farm-openssl"), ["sha256sum", "busybox"]);
  });

  afterAll(async () => {
    await srv?.close();
    await tlsSrv?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const env = (farm?: string): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, NETBUNDLE_UPLOAD_BACKOFF_SECONDS: "0" };
    for (const v of PROXY_VARS) delete e[v];
    if (farm) e.PATH = farm;
    return e;
  };

  /** One collector run with --upload into a fresh dir; returns the run and the local bundle bytes. */
  const upload = async (
    url: string,
    opts: { farm?: string; args?: string[]; shell?: "dash" | "busybox"; name?: string } = {},
  ): Promise<CollectorRun & { bundle: Buffer; dir: string }> => {
    const dir = path.join(work, `run-${++seq}`);
    fs.mkdirSync(dir);
    const out = path.join(dir, opts.name ?? `netbundle-test-${seq}.tar.gz`);
    const r = await runCollectorAsync({ outDir: dir, shell: opts.shell, env: env(opts.farm), args: ["--output", out, "--upload", url, ...(opts.args ?? [])] });
    // the bundle is kept whatever happened to the upload, and its path is still the last stdout line
    expect(r.bundlePath, r.stderr).toBe(out);
    expect(r.stdout.trim().split("\n")).toEqual([out]);
    expect(fs.readdirSync(dir)).toEqual([path.basename(out)]);
    return { ...r, bundle: fs.readFileSync(out), dir };
  };

  const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
  const tokenOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);
  const expectMasked = (stderr: string, url: string) => {
    expect(stderr).not.toContain(tokenOf(url));
    expect(stderr).toContain(`${url.slice(0, url.lastIndexOf("/") + 1)}${tokenOf(url).slice(0, 4)}…`);
  };

  it.each(CLIENTS)("uploads with %s: raw body byte for byte, headers, receipt on stderr, exit 0", async (client) => {
    const url = srv.link(["ok"], 'Case 4711: "eth0" flaps \\ node-7');
    const r = await upload(url, { farm: client === "wget" ? farms.noCurl : undefined });
    expect(r.code, r.stderr).toBe(0);
    const reqs = srv.requests(url);
    expect(reqs).toHaveLength(1);
    const req = reqs[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe(`/u/${tokenOf(url)}`);
    expect(req?.headers["content-type"]).toBe("application/octet-stream");
    expect(req?.headers["user-agent"]).toMatch(client === "curl" ? /^curl\// : /^Wget\//);
    expect(req?.headers["content-length"]).toBe(String(r.bundle.length));
    expect(req?.body.equals(r.bundle)).toBe(true);
    const name = `netbundle-test-${seq}.tar.gz`;
    expect(req?.headers["x-file-name"]).toBe(name);
    const lines = r.stderr.split("\n");
    const at = lines.indexOf("netbundle: upload receipt:");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 6).map((l) => l.replace(/^ {2}(\w+): +/, "$1="))).toEqual([
      `file=${name}`,
      `size=${r.bundle.length} bytes`,
      `sha256=${sha256(r.bundle)}`,
      expect.stringMatching(/^received=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      'case=Case 4711: "eth0" flaps \\ node-7',
    ]);
    expect(r.stderr).toMatch(/receipt verified: sha256 and size match the local bundle \(sha256sum\)/);
    expect(r.stderr).toMatch(/\(HTTP 201, attempt 1\/3\)/);
    expectMasked(r.stderr, url);
    // the collector's own command line in host/ps.txt does not carry the link either
    const b = extractBundle(path.join(r.dir, name));
    try {
      const ps = b.read("host/ps.txt");
      expect(ps).not.toContain(tokenOf(url));
      expect(ps).toContain("--upload <REDACTED>");
    } finally {
      b.remove();
    }
  });

  it("percent-encodes an unsafe bundle name in X-File-Name; the receipt shows it decoded", async () => {
    const url = srv.link(["ok"]);
    const r = await upload(url, { name: "case 4711 #1 é.tar.gz" });
    expect(r.code, r.stderr).toBe(0);
    expect(srv.requests(url)[0]?.headers["x-file-name"]).toBe("case%204711%20%231%20%C3%A9.tar.gz");
    expect(r.stderr).toContain("  file:     case 4711 #1 é.tar.gz\n");
  });

  it("posts to a link ending in / as given (curl would otherwise append the file name)", async () => {
    const url = `${srv.link(["ok"])}/`;
    const r = await upload(url);
    expect(r.code, r.stderr).toBe(0);
    const reqs = srv.requests(url);
    expect(reqs.map((q) => q.url)).toEqual([`/u/${tokenOf(url.slice(0, -1))}/`]);
    expect(reqs[0]?.body.equals(r.bundle)).toBe(true);
  });

  it.each(CLIENTS)("retries 5xx with %s: 500, 500, then 201 -> 3 requests, exit 0", async (client) => {
    const url = srv.link(["500", "500", "ok"]);
    const r = await upload(url, { farm: client === "wget" ? farms.noCurl : undefined });
    expect(r.code, r.stderr).toBe(0);
    const reqs = srv.requests(url);
    expect(reqs.map((q) => q.status)).toEqual([500, 500, 201]);
    for (const q of reqs) expect(q.body.equals(r.bundle)).toBe(true);
    const msg = ERROR_MESSAGES[500]?.message;
    expect(r.stderr).toContain(`upload attempt 1/3 failed: HTTP 500: ${msg}; retrying in 0 s`);
    expect(r.stderr).toContain(`upload attempt 2/3 failed: HTTP 500: ${msg}; retrying in 0 s`);
    expect(r.stderr).toMatch(/\(HTTP 201, attempt 3\/3\)/);
    expect(r.stderr).toMatch(/receipt verified/);
  });

  it("retries a dropped connection and 429, and gives up after --upload-retries attempts with exit 3", async () => {
    const flaky = srv.link(["drop", "429", "ok"]);
    const r1 = await upload(flaky);
    expect(r1.code, r1.stderr).toBe(0);
    expect(srv.requests(flaky).map((q) => q.status)).toEqual([0, 429, 201]);

    const down = srv.link(["503"]);
    const r2 = await upload(down, { args: ["--upload-retries", "2"] });
    expect(r2.code, r2.stderr).toBe(3);
    expect(srv.requests(down)).toHaveLength(2);
    expect(r2.stderr).toContain("upload attempt 1/2 failed: HTTP 503: Maintenance; retrying in 0 s");
    expect(r2.stderr).toContain("error: upload failed: HTTP 503: Maintenance (attempt 2/2, giving up)");
  });

  it("retries when nothing listens, then exits 3 keeping the bundle", async () => {
    const closed = await UploadServer.start();
    const url = closed.link(["ok"]);
    await closed.close();
    const r = await upload(url);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/upload attempt 1\/3 failed: .*(connect|refused)/i);
    expect(r.stderr).toMatch(/upload attempt 2\/3 failed/);
    expect(r.stderr).toMatch(/error: upload failed: .* \(attempt 3\/3, giving up\)/);
    expect(r.stderr).toContain(`the bundle is kept at ${path.join(r.dir, `netbundle-test-${seq}.tar.gz`)}`);
    expectMasked(r.stderr, url);
  });

  it.each(CLIENTS)("does not retry 410 with %s: one request, message and hint, exit 3", async (client) => {
    const url = srv.link(["410"]);
    const r = await upload(url, { farm: client === "wget" ? farms.noCurl : undefined });
    expect(r.code, r.stderr).toBe(3);
    expect(srv.requests(url)).toHaveLength(1);
    expect(r.stderr).toContain(`error: upload failed: HTTP 410: ${ERROR_MESSAGES[410]?.message}\n`);
    expect(r.stderr).toMatch(/expired, was revoked or is used up: ask for a new link/);
    expect(r.stderr).not.toMatch(/retrying/);
    expect(r.stderr).not.toMatch(/upload receipt/);
    expectMasked(r.stderr, url);
  });

  it("does not retry 404 (unknown link) or 413 (too large)", async () => {
    const unknown = `${srv.base}/u/0123456789abcdef0123456789abcdef`;
    const r1 = await upload(unknown);
    expect(r1.code, r1.stderr).toBe(3);
    expect(r1.stderr).toContain(`upload failed: HTTP 404: ${ERROR_MESSAGES[404]?.message}\n`);
    expect(r1.stderr).toMatch(/does not know this upload link/);
    const big = srv.link(["413"]);
    const r2 = await upload(big);
    expect(r2.code, r2.stderr).toBe(3);
    expect(srv.requests(big)).toHaveLength(1);
    expect(r2.stderr).toContain(`upload failed: HTTP 413: ${ERROR_MESSAGES[413]?.message}\n`);
  });

  it("fails with exit 3 when the receipt's sha256 does not match, or there is no receipt", async () => {
    const bad = srv.link(["wrong-sha"]);
    const r1 = await upload(bad);
    expect(r1.code, r1.stderr).toBe(3);
    expect(srv.requests(bad)).toHaveLength(1);
    expect(r1.stderr).toContain("netbundle: upload receipt:");
    expect(r1.stderr).toContain(`error: the receipt's sha256 does not match the local bundle (local ${sha256(r1.bundle)})`);
    expect(r1.stderr).not.toMatch(/receipt verified/);

    const none = srv.link(["no-receipt"]);
    const r2 = await upload(none);
    expect(r2.code, r2.stderr).toBe(3);
    expect(r2.stderr).toMatch(/answered HTTP 201 without a receipt/);
  });

  it("verifies with openssl when sha256sum is missing, and says so when no sha256 tool exists", async () => {
    const a = srv.link(["ok"]);
    const r1 = await upload(a, { farm: farms.opensslSha });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toMatch(/receipt verified: sha256 and size match the local bundle \(openssl dgst -sha256\)/);
    const b = srv.link(["wrong-sha"]);
    const r2 = await upload(b, { farm: farms.opensslSha });
    expect(r2.code, r2.stderr).toBe(3);

    const c = srv.link(["ok"]);
    const r3 = await upload(c, { farm: farms.noSha });
    expect(r3.code, r3.stderr).toBe(0);
    expect(r3.stderr).toMatch(/warning: could not verify the receipt's sha256: no sha256sum/);
    expect(srv.requests(c)[0]?.body.equals(r3.bundle)).toBe(true);
  });

  it("without curl and GNU wget: warns before collecting, keeps the bundle, exit 3, nothing sent", async () => {
    const url = srv.link(["ok"]);
    const r1 = await upload(url, { farm: farms.noClient });
    expect(r1.code, r1.stderr).toBe(3);
    const out = path.join(r1.dir, `netbundle-test-${seq}.tar.gz`);
    expect(r1.stderr).toMatch(/warning: --upload needs curl or wget on this node: the bundle will be written but not uploaded/);
    expect(r1.stderr).toContain(`error: --upload needs curl or wget on this node; the bundle is kept at ${out}\n`);
    // busybox wget would send the bundle cut at its first NUL byte: not used
    const r2 = await upload(url, { farm: farms.busyboxWget });
    expect(r2.code, r2.stderr).toBe(3);
    expect(r2.stderr).toMatch(/--upload needs curl or wget on this node \(the wget here is not GNU wget: busybox wget cuts binary files/);
    expect(srv.requests(url)).toEqual([]);
  });

  it.each(CLIENTS)("verifies TLS with %s by default; --upload-insecure accepts a self-signed server", async (client) => {
    const farm = client === "wget" ? farms.noCurl : undefined;
    const url = tlsSrv.link(["ok"]);
    const r1 = await upload(url, { farm });
    expect(r1.code, r1.stderr).toBe(3);
    expect(r1.stderr).toMatch(/--upload-insecure skips the check/);
    expect(r1.stderr).not.toMatch(/retrying/);
    expect(tlsSrv.requests(url)).toEqual([]);
    const r2 = await upload(url, { farm, args: ["--upload-insecure"] });
    expect(r2.code, r2.stderr).toBe(0);
    expect(tlsSrv.requests(url)[0]?.body.equals(r2.bundle)).toBe(true);
    expect(r2.stderr).toMatch(/receipt verified/);
    expectMasked(r1.stderr + r2.stderr, url);
  });

  it("works under busybox sh", async () => {
    const url = srv.link(["500", "ok"]);
    const r = await upload(url, { shell: "busybox" });
    expect(r.code, r.stderr).toBe(0);
    expect(srv.requests(url).map((q) => q.status)).toEqual([500, 201]);
    expect(srv.requests(url)[1]?.body.equals(r.bundle)).toBe(true);
    expect(r.stderr).toMatch(/receipt verified/);
  });

  it("rejects bad upload options before collecting: exit 2, one line, the link never echoed", async () => {
    const dir = path.join(work, "usage");
    fs.mkdirSync(dir);
    const secret = "5ecret5ecret5ecret";
    const cases: Array<{ args: string[]; env?: NodeJS.ProcessEnv }> = [
      { args: ["--upload", `ftp://127.0.0.1/u/${secret}`] },
      { args: ["--upload", `127.0.0.1/u/${secret}`] },
      { args: ["--upload"] },
      { args: ["--upload="] },
      { args: ["--upload", `https:///u/${secret}`] },
      { args: ["--upload", `https://127.0.0.1/u/${secret} x`] },
      { args: ["--upload", `https://127.0.0.1/u/${secret}"`] },
      { args: ["--upload", `https://127.0.0.1/u/${secret}`, "--upload-retries", "0"] },
      { args: ["--upload", `https://127.0.0.1/u/${secret}`, "--upload-retries", "x"] },
      { args: ["--upload-retries", "2"] },
      { args: ["--upload-insecure"] },
      { args: ["--upload", `https://127.0.0.1/u/${secret}`], env: { ...env(), NETBUNDLE_UPLOAD_BACKOFF_SECONDS: "2s" } },
    ];
    for (const c of cases) {
      const r = await runCollectorAsync({ outDir: dir, args: c.args, env: c.env ?? env() });
      expect(r.code, c.args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), c.args.join(" ")).toHaveLength(1);
      expect(r.stderr).not.toContain(secret);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("documents the options and exit code 3 in --help", async () => {
    const r = await runCollectorAsync({ outDir: work, args: ["--help"] });
    expect(r.code).toBe(0);
    for (const s of ["--upload URL", "--upload-retries N", "--upload-insecure", "NETBUNDLE_UPLOAD_BACKOFF_SECONDS"]) expect(r.stdout).toContain(s);
    expect(r.stdout).toMatch(/3 bundle written but the upload failed/);
  });
});
