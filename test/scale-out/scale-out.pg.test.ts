/**
 * Scale-out on real engines (issue 16's "Tests"): PostgreSQL (test/support/db), an S3 server
 * on loopback (s3rver through the AWS SDK), pg-boss; ONE web process (the production build,
 * `next start`, NETBUNDLE_WORKER=0) and TWO `netbundle worker` processes, each with its own
 * data dir as if on its own host. Several bundles are uploaded over HTTP with an API token;
 * one worker is SIGKILLed mid-ingest; every bundle must end ready with exactly the rows one
 * `netbundle analyze` of its file gives (finding keys, artifact count, timeline events), so
 * nothing is lost or doubled. Prints how long the killed worker's job waited to run again.
 * The other worker then stops on SIGTERM and must exit 0.
 *
 * The production build (.next/scale-out) is made when missing or older than the sources.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempPostgres, freePort, type TempDatabase } from "@/test/support/db/create-temp-database";
import { startTestS3, type TestS3 } from "@/test/support/s3/s3-server";
import { makeTestBundle } from "@/test/support/bundles/make-test-bundle";

const ROOT = path.resolve(__dirname, "../..");
const DIST = ".next/scale-out";
const BUNDLES = 3;
/** Enough journal lines that an ingest runs for seconds: the kill lands mid-ingest. */
const JOURNAL_LINES = 120_000;
const ADMIN = { email: "admin@scale-out.test", password: crypto.randomBytes(12).toString("hex") };

interface Proc {
  name: string;
  child: ChildProcess;
  out: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const procs: Proc[] = [];
function start(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const out: string[] = [];
  const take = (buf: Buffer) => out.push(...buf.toString().split("\n").filter(Boolean));
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on("exit", (code, signal) => r({ code, signal })));
  const p = { name, child, out, exit };
  procs.push(p);
  return p;
}


async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${procs.map((p) => `--- ${p.name}\n${p.out.slice(-15).join("\n")}`).join("\n")}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The newest mtime of what the web build is made from. */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== "generated" && e !== "node_modules" && !e.endsWith(".test.ts")) walk(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["app", "lib", "middleware.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "prisma/schema.prisma"]) walk(path.join(ROOT, p));
  return newest;
}

async function ensureBuild(env: NodeJS.ProcessEnv): Promise<void> {
  const id = path.join(ROOT, DIST, "BUILD_ID");
  if (fs.existsSync(id) && fs.statSync(id).mtimeMs > newestSource()) return;
  // Not execFileSync: a minute-long block of this process starves vitest's worker channel.
  await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, env: { ...env, NETBUNDLE_NEXT_DIST_DIR: DIST }, timeout: 600_000, maxBuffer: 64 << 20 });
}

interface Expected {
  file: string;
  findingKeys: string[];
  artifactPaths: string[];
  events: number;
}

/** What one `netbundle analyze` of the file gives: finding ids and artifacts (the CLI's JSON); timeline events (the same analysis, counted). */
async function expectedOf(file: string, env: NodeJS.ProcessEnv): Promise<Expected> {
  const json = JSON.parse(execFileSync(process.execPath, ["--max-semi-space-size=64", "bin/netbundle.mjs", "analyze", file, "--format", "json"], { cwd: ROOT, env, maxBuffer: 256 << 20 }).toString()) as {
    findings: { id: string }[];
    artifacts: { path: string }[];
  };
  const { analyzeBundle } = await import("@/lib/analyze/analyze-bundle");
  let events = 0;
  await analyzeBundle(file, { onEvents: (b) => void (events += b.length) });
  return { file, findingKeys: json.findings.map((f) => f.id).sort(), artifactPaths: json.artifacts.map((a) => a.path).sort(), events };
}

describe("scale-out: one web process, two netbundle workers, PostgreSQL + S3 + pg-boss", () => {
  let tmp: TempDatabase | undefined;
  let s3: TestS3 | undefined;
  let base = "";
  const dirs: string[] = [];
  const mkdir = (name: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), `nb-scale-${name}-`));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    tmp = await createTempPostgres("nb-scale-pg-");
    s3 = await startTestS3("netbundle-scale");
  });

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(procs.map((p) => p.exit));
    await s3?.stop();
    await tmp?.cleanup();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("survives a worker's SIGKILL mid-ingest: every bundle ready, nothing lost or doubled", async () => {
    const cfg = s3!.config;
    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PRISMA_QUERY_ENGINE_LIBRARY: path.join(ROOT, ".prisma-placeholder"),
      DATABASE_URL: process.env.DATABASE_URL,
      NETBUNDLE_S3_BUCKET: cfg.bucket,
      NETBUNDLE_S3_ENDPOINT: cfg.endpoint,
      NETBUNDLE_S3_REGION: cfg.region,
      NETBUNDLE_S3_ACCESS_KEY_ID: cfg.accessKeyId,
      NETBUNDLE_S3_SECRET_ACCESS_KEY: cfg.secretAccessKey,
      NETBUNDLE_S3_FORCE_PATH_STYLE: "1",
      NETBUNDLE_AUTH_SECRET: crypto.randomBytes(32).toString("hex"),
      NETBUNDLE_DISK_RESERVE_BYTES: "0",
    };
    const t0 = Date.now();
    await ensureBuild({ ...common, NETBUNDLE_DATA_DIR: mkdir("build") });
    const built = Date.now();

    const fixtures = mkdir("fixtures");
    const files = Array.from({ length: BUNDLES }, (_, i) => {
      const dir = path.join(fixtures, `b${i}`);
      fs.mkdirSync(dir);
      return makeTestBundle(dir, { journalLines: JOURNAL_LINES + i * 1000, host: `scale-node-${i}` });
    });
    const expected = await Promise.all(files.map((f) => expectedOf(f, { ...common, NETBUNDLE_DATA_DIR: mkdir("cli") })));

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const web = start("web", [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
      ...common,
      NETBUNDLE_NEXT_DIST_DIR: DIST,
      NETBUNDLE_DATA_DIR: mkdir("web"),
      NETBUNDLE_WORKER: "0",
      NETBUNDLE_BASE_URL: base,
      NETBUNDLE_ADMIN_EMAIL: ADMIN.email,
      NETBUNDLE_ADMIN_PASSWORD: ADMIN.password,
      PORT: String(port),
    });
    await until("the web process to answer /api/health", 60_000, async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok);
    // The bootstrap admin exists once the server started; its token, as the README says.
    await until("the bootstrap admin", 30_000, async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      const { rowCount } = await c.query(`SELECT 1 FROM "User" WHERE email = $1`, [ADMIN.email]);
      await c.end();
      return rowCount === 1;
    });
    const tokenOut = execFileSync(process.execPath, ["--max-semi-space-size=64", "bin/netbundle.mjs", "admin", "token", "--email", ADMIN.email, "--name", "scale-out"], {
      cwd: ROOT,
      env: { ...common, NETBUNDLE_DATA_DIR: mkdir("admin") },
    }).toString();
    const token = tokenOut.trim().split("\n").pop()!;
    expect(token).toMatch(/^nbt_/);
    const auth = { authorization: `Bearer ${token}` };

    // Two workers, as on two hosts: their own data dirs, the shared database and bucket.
    const startWorker = (name: string) =>
      start(name, ["--max-semi-space-size=64", "bin/netbundle.mjs", "worker", "--concurrency", "2", "--grace", "20"], { ...common, NETBUNDLE_DATA_DIR: mkdir(name) });
    const workers = [startWorker("worker-a"), startWorker("worker-b")];
    await until("both workers to start", 60_000, () => workers.every((w) => w.out.some((l) => l.includes('"msg":"started'))));

    const ids: string[] = [];
    for (const f of files) {
      const res = await fetch(`${base}/api/bundles`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/octet-stream", "x-file-name": path.basename(f), origin: base },
        body: fs.readFileSync(f),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }

    // A worker that has an ingest under way (its analysis started, rows being written).
    const logsOf = (w: Proc) => w.out.flatMap((l) => {
      try {
        return [JSON.parse(l) as { time: string; level: string; worker: string; job?: string; bundle?: string; msg: string }];
      } catch {
        return [];
      }
    });
    const started = (w: Proc) => logsOf(w).filter((l) => l.bundle && /^analysing /.test(l.msg));
    const victim = await until("an ingest to start", 60_000, () => workers.find((w) => started(w).length > 0));
    const survivor = workers.find((w) => w !== victim)!;
    const bundle = started(victim)[0]!.bundle!;
    await until("the ingest to be under way", 60_000, async () => {
      const st = (await (await fetch(`${base}/api/bundles/${bundle}`, { headers: auth })).json()) as { progress: number };
      return st.progress > 0.05;
    });
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await victim.exit;
    // The killed worker's job runs again on the other worker: how long that took.
    const rerun = await until("the killed worker's job to run again", 90_000, () =>
      logsOf(survivor).find((l) => l.bundle === bundle && /^analysing /.test(l.msg) && Date.parse(l.time) >= killedAt),
    );
    const recoverySeconds = (Date.parse(rerun.time) - killedAt) / 1000;
    console.log(`scale-out: kill -9 of ${victim.name} → its job (bundle ${bundle}) running again on ${survivor.name} after ${recoverySeconds.toFixed(1)} s`);
    expect(rerun.msg).toMatch(/attempt 2/);

    for (const id of ids) {
      await until(`bundle ${id} to be ready`, 120_000, async () => {
        const st = (await (await fetch(`${base}/api/bundles/${id}`, { headers: auth })).json()) as { status: string; error?: string; timelineState?: string };
        if (st.status === "failed") throw new Error(`bundle ${id} failed: ${st.error}`);
        // Two-phase ingest: the findings first, then the timeline.
        return st.status === "ready" && st.timelineState === "ready";
      }, 250);
    }
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      for (const [i, id] of ids.entries()) {
        const exp = expected[i]!;
        const keys = (await c.query<{ key: string }>(`SELECT key FROM "Finding" WHERE "bundleId" = $1 ORDER BY key`, [id])).rows.map((r) => r.key);
        // Every row once. The web app also keeps the bundle's manifest.json for the viewer,
        // a file the analysis reads but lists under no artifact.
        const artifacts = (await c.query<{ path: string }>(`SELECT path FROM "Artifact" WHERE "bundleId" = $1 ORDER BY path COLLATE "C"`, [id])).rows.map((r) => r.path);
        // The rows pages read: the shown generation's. A killed attempt's rows are another
        // generation's, never shown, and pruned by the run that replaced it (waited for below).
        const events = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "TimelineEvent" t JOIN "Bundle" b ON b.id = t."bundleId" AND b."timelineGeneration" = t.generation WHERE t."bundleId" = $1`, [id])).rows[0]!.n;
        await until(`bundle ${id}'s older timeline rows to be pruned`, 60_000, async () =>
          (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "TimelineEvent" WHERE "bundleId" = $1`, [id])).rows[0]!.n === events);
        const want = [...exp.artifactPaths, "manifest.json"].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect({ id, keys, artifacts, events }).toEqual({ id, keys: exp.findingKeys, artifacts: want, events: exp.events });
        expect(events).toBeGreaterThanOrEqual(JOURNAL_LINES);
      }
      // The queue agrees: every ingest done once, none failed, no lease left behind.
      const states = (await c.query<{ state: string; n: number }>(`SELECT state::text AS state, count(*)::int AS n FROM pgboss.job WHERE name = 'ingest-bundle' GROUP BY 1`)).rows;
      expect(states).toEqual([{ state: "completed", n: BUNDLES }]);
      expect((await c.query(`SELECT 1 FROM "JobLease"`)).rowCount).toBe(0);
    } finally {
      await c.end();
    }

    const health = (await (await fetch(`${base}/api/health`, { headers: auth })).json()) as { queue: Record<string, unknown>; workers: { id: string }[] };
    expect(health.queue).toMatchObject({ backend: "pg-boss", queued: 0, running: 0, failed: 0 });

    // SIGTERM mid-ingest: the survivor stops claiming, finishes the running ingest within its
    // grace period (20 s) and exits 0.
    const last = makeTestBundle(path.join(fixtures, "last"), { journalLines: 60_000, host: "scale-node-last" });
    const up = await fetch(`${base}/api/bundles`, { method: "POST", headers: { ...auth, "content-type": "application/octet-stream", "x-file-name": "last.tar.gz", origin: base }, body: fs.readFileSync(last) });
    const lastId = ((await up.json()) as { id: string }).id;
    await until("the last ingest to start", 30_000, () => logsOf(survivor).some((l) => l.bundle === lastId && /^analysing /.test(l.msg)));
    survivor.child.kill("SIGTERM");
    expect(await survivor.exit).toEqual({ code: 0, signal: null });
    expect(logsOf(survivor).at(-1)?.msg).toBe("stopped");
    const lastStatus = (await (await fetch(`${base}/api/bundles/${lastId}`, { headers: auth })).json()) as { status: string };
    expect(lastStatus.status).toBe("ready");
    web.child.kill("SIGTERM");
    await web.exit;
    console.log(`scale-out: build ${((built - t0) / 1000).toFixed(0)} s, rest ${((Date.now() - built) / 1000).toFixed(0)} s`);
  }, 600_000);
});
