import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { createTempSqlite, withTempDatabase } from "@/test/support/db/temp-database";
import { makeTestBundle } from "@/test/support/bundles/make-test-bundle";

vi.mock("server-only", () => ({}));

/**
 * `netbundle worker` as an operator runs it, on the embedded SQLite database (the PostgreSQL
 * path with two of them is test/scale-out): it ingests what the web app queued, logs one
 * JSON object per line, and stops on SIGTERM with exit 0.
 */
const ROOT = path.resolve(__dirname, "..");
const t = withTempDatabase(
  () => createTempSqlite("nb-workercmd-"),
  async () => ({ db: await import("@/lib/db"), create: await import("@/lib/commands/create-bundle-from-upload") }),
);
const cli = (args: string[], env: NodeJS.ProcessEnv) => spawn(process.execPath, ["--max-semi-space-size=64", "bin/netbundle.mjs", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });

describe("netbundle worker", () => {
  it("ingests a queued bundle, logs JSON lines, and exits 0 on SIGTERM", async () => {
    const dir = path.join(t.tmp().dataDir, "fixtures");
    const file = makeTestBundle(dir, { journalLines: 500, host: "worker-cmd" });
    const r = await t.mods().create.createBundleFromUpload({ body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, fileName: "b.tar.gz", caseId: "unfiled" });
    const env: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, NETBUNDLE_DATA_DIR: t.tmp().dataDir, PRISMA_QUERY_ENGINE_LIBRARY: path.join(ROOT, ".prisma-placeholder") };
    const child = cli(["worker", "--concurrency", "1"], env);
    const out: string[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(...b.toString().split("\n").filter(Boolean)));
    child.stderr!.on("data", (b: Buffer) => out.push(...b.toString().split("\n").filter(Boolean)));
    const exit = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    try {
      for (let i = 0; i < 600; i++) {
        const b = await t.mods().db.db.bundle.findUnique({ where: { id: r.id! }, select: { status: true } });
        if (b && ["ready", "partial", "failed"].includes(b.status)) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      expect((await t.mods().db.db.bundle.findUniqueOrThrow({ where: { id: r.id! } })).status).toBe("ready");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exit).toBe(0);
    const lines = out.map((l) => JSON.parse(l) as { time: string; level: string; worker: string; bundle?: string; job?: string; msg: string });
    for (const l of lines) expect(l).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.stringMatching(/^(info|warn|error)$/), worker: expect.any(String) });
    expect(lines.find((l) => l.bundle === r.id && l.msg.startsWith("analysing"))).toMatchObject({ job: expect.any(String) });
    expect(lines.at(-1)?.msg).toBe("stopped");
  });

  it("refuses bad usage with exit 2 and the usage text", () => {
    const r = spawnSync(process.execPath, ["--max-semi-space-size=64", "bin/netbundle.mjs", "worker", "--concurrency", "0"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--concurrency takes a whole number from 1 to 64[\s\S]*usage: netbundle worker/);
  });
});
