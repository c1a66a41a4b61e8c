/**
 * Upload, duplicate, size limit, status, retry and delete through the real route handlers,
 * run by upload.sqlite.test.ts and upload.pg.test.ts, with an engineer's API token (and
 * without, to see every route refuse). The caller sets NETBUNDLE_MAX_UPLOAD_BYTES=UPLOAD_LIMIT
 * before importing the modules. Also the customer's path: POST /u/TOKEN of an upload link.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";
import { queueProbe } from "@/test/support/queue-probe";
import type { Db } from "@/lib/db";

export const UPLOAD_LIMIT = 4 * 1024 * 1024;

export interface UploadSuiteDeps {
  db: () => Db;
  dataDir: () => string;
  bundlesRoute: () => typeof import("@/app/api/bundles/route");
  bundleRoute: () => typeof import("@/app/api/bundles/[bundleId]/route");
  retryRoute: () => typeof import("@/app/api/bundles/[bundleId]/retry/route");
  linkRoute: () => typeof import("@/app/u/[token]/route");
  links: () => typeof import("@/lib/links/upload-links");
  tokens: () => typeof import("@/lib/auth/api-tokens");
}

/** A lazily produced body: chunks are made only when the server pulls them. */
function lazyBody(totalBytes: number, seed: string, pulled = { bytes: 0 }) {
  const chunk = 64 * 1024;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (pulled.bytes >= totalBytes) return ctrl.close();
      const n = Math.min(chunk, totalBytes - pulled.bytes);
      const buf = Buffer.alloc(n, `${seed}:${i++}|`);
      pulled.bytes += n;
      ctrl.enqueue(new Uint8Array(buf));
    },
  });
}
function expectedSha(totalBytes: number, seed: string): string {
  const h = crypto.createHash("sha256");
  for (let done = 0, i = 0; done < totalBytes; i++) {
    const n = Math.min(64 * 1024, totalBytes - done);
    h.update(Buffer.alloc(n, `${seed}:${i}|`));
    done += n;
  }
  return h.digest("hex");
}
/** The engineer's bearer header, made once per suite (see beforeAll). */
const auth: Record<string, string> = {};
function post(body: ReadableStream<Uint8Array> | Buffer, headers: Record<string, string> = {}, url = "http://localhost/api/bundles") {
  return new Request(url, { method: "POST", body, headers: { "content-type": "application/octet-stream", ...auth, ...headers }, duplex: "half" } as RequestInit);
}
const req = (method = "GET", headers: Record<string, string> = auth) => new Request("http://x", { method, headers });
const params = (bundleId: string) => ({ params: Promise.resolve({ bundleId }) });
const linkParams = (token: string) => ({ params: Promise.resolve({ token }) });

export function uploadSuite(d: UploadSuiteDeps) {
  const tmpFiles = () => (fs.existsSync(path.join(d.dataDir(), "tmp")) ? fs.readdirSync(path.join(d.dataDir(), "tmp")) : []);

  let userId = "";
  beforeAll(async () => {
    const user = await d.db().user.create({ data: { id: "u-engineer", name: "Eng", email: "eng@example.test", role: "engineer" } });
    userId = user.id;
    const t = await d.tokens().createApiToken({ userId, name: "suite", by: { type: "system" } });
    auth.authorization = `Bearer ${t.token}`;
  });

  // The bundle's ingest jobs, in whichever queue the database runs (the Job table or pg-boss).
  const jobs = async () => (await import("@/lib/jobs/queue")).listJobs();
  const waiting = async () => (await jobs()).filter((j) => j.status === "queued" || j.status === "running");

  beforeEach(async () => {
    await queueProbe(d.db(), process.env.DATABASE_URL?.startsWith("postgres") ? "postgres" : "sqlite").clear();
    await d.db().bundle.deleteMany({});
    await d.db().uploadLink.deleteMany({});
    fs.rmSync(path.join(d.dataDir(), "bundles"), { recursive: true, force: true });
  });

  it("streams an upload to disk with its sha256, queues a bundle and its ingest job", async () => {
    const size = 3 * 1024 * 1024 + 123;
    const res = await d.bundlesRoute().POST(post(lazyBody(size, "a"), { "x-file-name": encodeURIComponent("../../etc/node 1.tar.gz") }));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await d.db().bundle.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "queued", fileName: "node 1.tar.gz", sha256: expectedSha(size, "a") });
    expect(Number(row.sizeBytes)).toBe(size);
    const file = path.join(d.dataDir(), "bundles", id, "original.tar.gz");
    expect(fs.statSync(file).size).toBe(size);
    expect((await jobs()).map((j) => [j.name, j.payload, j.status])).toEqual([["ingest-bundle", { bundleId: id }, "queued"]]);
    expect(tmpFiles()).toEqual([]);
    const st = await d.bundleRoute().GET(new Request(`http://localhost/api/bundles/${id}`, { headers: auth }), params(id));
    expect(await st.json()).toMatchObject({ id, status: "queued", progress: 0, done: false });
    const list = await d.bundlesRoute().GET(new Request("http://localhost/api/bundles", { headers: auth }));
    expect(((await list.json()) as { bundles: { id: string }[] }).bundles.map((b) => b.id)).toEqual([id]);
  });

  it("answers a byte-identical upload with duplicateOf and keeps no second copy", async () => {
    const first = (await (await d.bundlesRoute().POST(post(lazyBody(200_000, "dup")))).json()) as { id: string };
    const again = await d.bundlesRoute().POST(post(lazyBody(200_000, "dup"), { "x-file-name": "other.tgz" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ duplicateOf: first.id });
    expect(await d.db().bundle.count()).toBe(1);
    expect(await jobs()).toHaveLength(1);
    expect(fs.readdirSync(path.join(d.dataDir(), "bundles"))).toEqual([first.id]);
    expect(tmpFiles()).toEqual([]);
  });

  it("refuses a third upload in flight from one credential with 429 and Retry-After, and takes the next once one ends", async () => {
    // two uploads that hold their connection open until released
    const gates: (() => void)[] = [];
    const held = (seed: string) => {
      let sent = false;
      return new ReadableStream<Uint8Array>({
        async pull(ctrl) {
          if (sent) return ctrl.close();
          sent = true;
          ctrl.enqueue(new Uint8Array(Buffer.alloc(50_000, seed)));
          await new Promise<void>((r) => gates.push(r));
        },
      });
    };
    const first = d.bundlesRoute().POST(post(held("one")));
    const second = d.bundlesRoute().POST(post(held("two")));
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    const third = await d.bundlesRoute().POST(post(lazyBody(1000, "three")));
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("30");
    expect(((await third.json()) as { error: { message: string } }).error.message).toContain("2 uploads are already in progress with this credential");
    for (const g of gates) g();
    expect((await first).status).toBe(201);
    expect((await second).status).toBe(201);
    expect((await d.bundlesRoute().POST(post(lazyBody(1000, "four")))).status).toBe(201);
    expect(tmpFiles()).toEqual([]);
  });

  it("cuts an oversized streamed upload with a clear 413 and leaves nothing behind", async () => {
    const pulled = { bytes: 0 };
    const res = await d.bundlesRoute().POST(post(lazyBody(1024 ** 3, "big", pulled)));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.message).toContain(`limit is ${UPLOAD_LIMIT} bytes`);
    // Streamed: reading stopped just past the limit, not after the whole gigabyte.
    expect(pulled.bytes).toBeLessThan(UPLOAD_LIMIT + 1024 * 1024);
    expect(tmpFiles()).toEqual([]);
    expect(await d.db().bundle.count()).toBe(0);
    const declared = await d.bundlesRoute().POST(post(Buffer.alloc(10), { "content-length": String(UPLOAD_LIMIT + 1) }));
    expect(declared.status).toBe(413);
    const multipart = await d.bundlesRoute().POST(post(Buffer.from("--x--"), { "content-type": "multipart/form-data; boundary=x" }));
    expect(multipart.status).toBe(415);
    const empty = await d.bundlesRoute().POST(post(Buffer.alloc(0)));
    expect(empty.status).toBe(400);
  });

  it("retries only a settled bundle and deletes a bundle with its rows, jobs and files", async () => {
    const { id } = (await (await d.bundlesRoute().POST(post(lazyBody(50_000, "r")))).json()) as { id: string };
    const busy = await d.retryRoute().POST(req("POST"), params(id));
    expect(busy.status).toBe(409);
    await d.db().bundle.update({ where: { id }, data: { status: "failed", error: "boom" } });
    const ok = await d.retryRoute().POST(req("POST"), params(id));
    expect(ok.status).toBe(202);
    expect(await d.db().bundle.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "queued", error: null });
    expect(await waiting()).toHaveLength(2);
    await d.db().timelineEvent.create({ data: { bundleId: id, ts: new Date(), source: "log", label: "x", text: "y" } });

    const del = await d.bundleRoute().DELETE(req("DELETE"), params(id));
    expect(del.status).toBe(204);
    expect(await d.db().bundle.count()).toBe(0);
    expect(await d.db().timelineEvent.count()).toBe(0);
    expect(await waiting()).toHaveLength(0); // the Job table's rows deleted, pg-boss's cancelled
    expect(fs.existsSync(path.join(d.dataDir(), "bundles", id))).toBe(false);
    const again = await d.bundleRoute().DELETE(req("DELETE"), params(id));
    expect(again.status).toBe(404);
    expect((await d.bundleRoute().GET(req(), params(id))).status).toBe(404);
    expect((await d.retryRoute().POST(req("POST"), params("nope"))).status).toBe(404);
  });

  it("refuses every bundle route without a valid credential and stores nothing", async () => {
    const none = {};
    const { id } = (await (await d.bundlesRoute().POST(post(lazyBody(1000, "mine")))).json()) as { id: string };
    for (const headers of [none, { authorization: "Bearer nbt_" + "A".repeat(43) }, { authorization: "Bearer wrong" }]) {
      expect((await d.bundlesRoute().POST(post(lazyBody(1000, "anon"), { ...headers, authorization: headers === none ? "" : (headers as { authorization: string }).authorization }))).status).toBe(401);
      expect((await d.bundlesRoute().GET(new Request("http://localhost/api/bundles", { headers }))).status).toBe(401);
      expect((await d.bundleRoute().GET(req("GET", headers), params(id))).status).toBe(401);
      expect((await d.bundleRoute().DELETE(req("DELETE", headers), params(id))).status).toBe(401);
      expect((await d.retryRoute().POST(req("POST", headers), params(id))).status).toBe(401);
    }
    expect(await d.db().bundle.count()).toBe(1);
    // A revoked token stops at once.
    const t = await d.tokens().createApiToken({ userId, name: "short-lived", by: { type: "system" } });
    const h = { authorization: `Bearer ${t.token}` };
    expect((await d.bundleRoute().GET(req("GET", h), params(id))).status).toBe(200);
    await d.tokens().revokeApiToken({ userId, id: t.id, by: { type: "system" } });
    expect((await d.bundleRoute().GET(req("GET", h), params(id))).status).toBe(401);
    expect(tmpFiles()).toEqual([]);
  });

  it("takes a customer's upload through an upload link into its case, with only a receipt back", async () => {
    const c = await d.db().case.create({ data: { id: "case-link", title: "Link case" } });
    const link = await d.links().createUploadLink(c.id, { maxUploads: 2, maxMiB: 1 }, { userId, actor: { type: "system" } });
    const url = `http://localhost/u/${link.token}`;
    const anon = { authorization: "" };
    const res = await d.linkRoute().POST(post(lazyBody(300_000, "cust"), { ...anon, "x-file-name": "node-7.tar.gz" }, url), linkParams(link.token));
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as { receipt: Record<string, unknown> };
    expect(Object.keys(receipt).sort()).toEqual(["caseTitle", "fileName", "receivedAt", "sha256", "sizeBytes"]);
    expect(receipt).toMatchObject({ fileName: "node-7.tar.gz", sizeBytes: 300_000, sha256: expectedSha(300_000, "cust"), caseTitle: "Link case" });
    const row = await d.db().bundle.findFirstOrThrow({ where: { caseId: c.id } });
    expect(row).toMatchObject({ uploadLinkId: link.id, uploadedById: null, status: "queued" });

    // The same file again: acknowledged, not stored twice, and it does not use up the link.
    const dup = await d.linkRoute().POST(post(lazyBody(300_000, "cust"), anon, url), linkParams(link.token));
    expect(dup.status).toBe(201);
    // Over the link's own size limit (1 MiB, below the server's): 413, slot given back.
    const big = await d.linkRoute().POST(post(lazyBody(2 * 1024 * 1024, "big"), anon, url), linkParams(link.token));
    expect(big.status).toBe(413);
    expect((await d.db().uploadLink.findUniqueOrThrow({ where: { id: link.id } })).uploadCount).toBe(1);
    expect(await d.db().bundle.count({ where: { caseId: c.id } })).toBe(1);

    // The second and last upload, then the link is used up: 410 with the reason.
    expect((await d.linkRoute().POST(post(lazyBody(1000, "second"), anon, url), linkParams(link.token))).status).toBe(201);
    const usedUp = await d.linkRoute().POST(post(lazyBody(1000, "third"), anon, url), linkParams(link.token));
    expect(usedUp.status).toBe(410);
    expect(((await usedUp.json()) as { error: { message: string } }).error.message).toMatch(/all the uploads it allows/);
    expect(tmpFiles()).toEqual([]);
  });

  it("answers 404 for an unknown upload link and 410 for an expired or revoked one", async () => {
    const c = await d.db().case.create({ data: { id: "case-gone", title: "Gone" } });
    const unknown = `nbu_${"B".repeat(43)}`;
    const html = { accept: "text/html" };
    expect((await d.linkRoute().POST(post(lazyBody(10, "x"), {}, "http://localhost/u/x"), linkParams(unknown))).status).toBe(404);
    expect((await d.linkRoute().GET(req("GET", html), linkParams("short"))).status).toBe(404);
    const live = await d.links().createUploadLink(c.id, {}, { userId, actor: { type: "system" } });
    const open = await d.linkRoute().GET(req("GET", html), linkParams(live.token));
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe(`/u/${live.token}/upload`);
    await d.db().uploadLink.update({ where: { id: live.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await d.linkRoute().GET(req("GET", html), linkParams(live.token));
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("has expired");
    const revoked = await d.links().createUploadLink(c.id, {}, { userId, actor: { type: "system" } });
    await d.links().revokeUploadLink(revoked.id, { type: "system" });
    const r = await d.linkRoute().POST(post(lazyBody(10, "y"), {}, "http://localhost/u/x"), linkParams(revoked.token));
    expect(r.status).toBe(410);
    expect(((await r.json()) as { error: { state: string } }).error.state).toBe("revoked");
    expect(await d.db().bundle.count({ where: { caseId: c.id } })).toBe(0);
  });
}

/** The whole upload suite on one temp database (see upload.*.test.ts). */
export function uploadTests(title: string, create: () => Promise<TempDatabase>) {
  const env = withTempDatabase(
    async () => {
      const tmp = await create();
      process.env.NETBUNDLE_MAX_UPLOAD_BYTES = String(UPLOAD_LIMIT);
      return tmp;
    },
    async () => ({
      db: await import("@/lib/db"),
      bundles: await import("@/app/api/bundles/route"),
      bundle: await import("@/app/api/bundles/[bundleId]/route"),
      retry: await import("@/app/api/bundles/[bundleId]/retry/route"),
      link: await import("@/app/u/[token]/route"),
      links: await import("@/lib/links/upload-links"),
      tokens: await import("@/lib/auth/api-tokens"),
    }),
  );
  const m = env.mods;
  describe(title, () =>
    uploadSuite({
      db: () => m().db.db,
      dataDir: () => env.tmp().dataDir,
      bundlesRoute: () => m().bundles,
      bundleRoute: () => m().bundle,
      retryRoute: () => m().retry,
      linkRoute: () => m().link,
      links: () => m().links,
      tokens: () => m().tokens,
    }),
  );
}
