/**
 * Upload, duplicate, size limit, status, retry and delete through the real route handlers,
 * run by upload.sqlite.test.ts and upload.pg.test.ts. The caller sets
 * NETBUNDLE_MAX_UPLOAD_BYTES=UPLOAD_LIMIT and NETBUNDLE_UPLOAD_TOKEN=UPLOAD_TOKEN before
 * importing the modules.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/lib/jobs/test-support/temp-database";
import type { Db } from "@/lib/db";

export const UPLOAD_LIMIT = 4 * 1024 * 1024;
export const UPLOAD_TOKEN = "test-token-0123456789abcdef";

export interface UploadSuiteDeps {
  db: () => Db;
  dataDir: () => string;
  bundlesRoute: () => typeof import("@/app/api/bundles/route");
  bundleRoute: () => typeof import("@/app/api/bundles/[bundleId]/route");
  retryRoute: () => typeof import("@/app/api/bundles/[bundleId]/retry/route");
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
function post(body: ReadableStream<Uint8Array> | Buffer, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/bundles", { method: "POST", body, headers: { "content-type": "application/octet-stream", ...headers }, duplex: "half" } as RequestInit);
}
const params = (bundleId: string) => ({ params: Promise.resolve({ bundleId }) });

export function uploadSuite(d: UploadSuiteDeps) {
  const tmpFiles = () => (fs.existsSync(path.join(d.dataDir(), "tmp")) ? fs.readdirSync(path.join(d.dataDir(), "tmp")) : []);

  beforeEach(async () => {
    await d.db().job.deleteMany({});
    await d.db().bundle.deleteMany({});
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
    const jobs = await d.db().job.findMany({});
    expect(jobs.map((j) => [j.name, JSON.parse(j.payload), j.status])).toEqual([["ingest-bundle", { bundleId: id }, "queued"]]);
    expect(tmpFiles()).toEqual([]);
    const st = await d.bundleRoute().GET(new Request(`http://localhost/api/bundles/${id}`), params(id));
    expect(await st.json()).toMatchObject({ id, status: "queued", progress: 0, done: false });
    const list = await d.bundlesRoute().GET(new Request("http://localhost/api/bundles"));
    expect(((await list.json()) as { bundles: { id: string }[] }).bundles.map((b) => b.id)).toEqual([id]);
  });

  it("answers a byte-identical upload with duplicateOf and keeps no second copy", async () => {
    const first = (await (await d.bundlesRoute().POST(post(lazyBody(200_000, "dup")))).json()) as { id: string };
    const again = await d.bundlesRoute().POST(post(lazyBody(200_000, "dup"), { "x-file-name": "other.tgz" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ duplicateOf: first.id });
    expect(await d.db().bundle.count()).toBe(1);
    expect(await d.db().job.count()).toBe(1);
    expect(fs.readdirSync(path.join(d.dataDir(), "bundles"))).toEqual([first.id]);
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
    const busy = await d.retryRoute().POST(new Request("http://x", { method: "POST" }), params(id));
    expect(busy.status).toBe(409);
    await d.db().bundle.update({ where: { id }, data: { status: "failed", error: "boom" } });
    const ok = await d.retryRoute().POST(new Request("http://x", { method: "POST" }), params(id));
    expect(ok.status).toBe(202);
    expect(await d.db().bundle.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "queued", error: null });
    expect(await d.db().job.count({ where: { status: "queued" } })).toBe(2);
    await d.db().timelineEvent.create({ data: { bundleId: id, ts: new Date(), source: "log", label: "x", text: "y" } });

    const del = await d.bundleRoute().DELETE(new Request("http://x", { method: "DELETE" }), params(id));
    expect(del.status).toBe(204);
    expect(await d.db().bundle.count()).toBe(0);
    expect(await d.db().timelineEvent.count()).toBe(0);
    expect(await d.db().job.count()).toBe(0);
    expect(fs.existsSync(path.join(d.dataDir(), "bundles", id))).toBe(false);
    const again = await d.bundleRoute().DELETE(new Request("http://x", { method: "DELETE" }), params(id));
    expect(again.status).toBe(404);
    expect((await d.bundleRoute().GET(new Request("http://x"), params(id))).status).toBe(404);
    expect((await d.retryRoute().POST(new Request("http://x", { method: "POST" }), params("nope"))).status).toBe(404);
  });

  it("checks the collector's bearer token when one is sent", async () => {
    const bad = await d.bundlesRoute().POST(post(lazyBody(1000, "tok"), { authorization: "Bearer wrong-token-0123456789abc" }));
    expect(bad.status).toBe(401);
    expect(await d.db().bundle.count()).toBe(0);
    const good = await d.bundlesRoute().POST(post(lazyBody(1000, "tok"), { authorization: `Bearer ${UPLOAD_TOKEN}`, "x-file-name": "node.tgz" }));
    expect(good.status).toBe(201);
    expect(tmpFiles()).toEqual([]);
  });
}

/** The whole upload suite on one temp database (see upload.*.test.ts). */
export function uploadTests(title: string, create: () => Promise<TempDatabase>) {
  const env = withTempDatabase(
    async () => {
      const tmp = await create();
      process.env.NETBUNDLE_MAX_UPLOAD_BYTES = String(UPLOAD_LIMIT);
      process.env.NETBUNDLE_UPLOAD_TOKEN = UPLOAD_TOKEN;
      return tmp;
    },
    async () => ({
      db: await import("@/lib/db"),
      bundles: await import("@/app/api/bundles/route"),
      bundle: await import("@/app/api/bundles/[bundleId]/route"),
      retry: await import("@/app/api/bundles/[bundleId]/retry/route"),
    }),
  );
  const m = env.mods;
  describe(title, () =>
    uploadSuite({ db: () => m().db.db, dataDir: () => env.tmp().dataDir, bundlesRoute: () => m().bundles, bundleRoute: () => m().bundle, retryRoute: () => m().retry }),
  );
}
