// The web app's path for a real sosreport in sos's default .tar.xz: uploaded as a browser or
// an upload link would (createBundleFromUpload), ingested by the worker into a real SQLite
// file, and read back from the rows: dated, its host, the leaked netns's duplicate IP critical.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { Lab } from "@/collector-script/test/lab";
import { createTempSqlite } from "@/test/support/db/temp-database";
import { withTempDatabase } from "@/test/support/db/temp-database";
import { attachPod, makeNode, startPause, tempDir } from "./lab-extra";
import { runSos, withSosLab, sosAvailable, type SosRun } from "./sos-lab";

vi.mock("server-only", () => ({}));

const isRoot = process.getuid?.() === 0;
const OCTET = 220 + (process.pid % 20);
const DUP = `198.19.${OCTET}.9`;

describe.skipIf(!isRoot || !sosAvailable())("a real sosreport (.tar.xz) through upload and the ingest job", () => {
  const env = withTempDatabase(
    () => createTempSqlite("nb-sosingest-"),
    async () => ({
      db: await import("@/lib/db"),
      create: await import("@/lib/commands/create-bundle-from-upload"),
      worker: await import("@/lib/jobs/worker"),
      registry: await import("@/lib/jobs/registry"),
    }),
  );
  const lab = new Lab(`nbs-sosi-${process.pid}`);
  let sos: SosRun;
  let leakPath = "";
  withSosLab(lab, async () => {
    const n = makeNode(lab, "node", `198.19.${OCTET}.1/24`, { uplink: `198.18.${OCTET}.2/24` });
    startPause(lab, n.ns, tempDir(lab, "bin"), "dockerd");
    attachPod(lab, n, lab.namedNetns("live"), DUP);
    const leak = lab.namedNetns("leak");
    attachPod(lab, n, leak, DUP);
    leakPath = leak.path;
    sos = await runSos(lab, n.ns, "xz", { tz: "UTC" });
  });

  it("is stored, ingested and read back as its rows", async () => {
    const m = env.mods();
    const r = await m.create.createBundleFromUpload({ body: Readable.toWeb(fs.createReadStream(sos.archive)) as ReadableStream<Uint8Array>, fileName: path.basename(sos.archive), caseId: "unfiled" });
    expect(r.id).toBeTruthy();
    const job = await m.worker.runNextJob({ jobs: m.registry.JOBS, workerId: "sos-test", backoff: { baseMs: 0, maxMs: 0 } });
    expect(job?.outcome).toBe("done");
    const b = await m.db.db.bundle.findUniqueOrThrow({ where: { id: r.id! } });
    expect(["ready", "partial"]).toContain(b.status);
    const manifest = JSON.parse(sos.read("sos_reports/manifest.json")) as { start_time: string };
    expect(b.collectedAt).not.toBeNull();
    // sos ran with TZ=UTC, so its node-local start time is the UTC one
    expect(Math.abs(b.collectedAt!.getTime() - Date.parse(`${manifest.start_time.replace(" ", "T").slice(0, 23)}Z`))).toBeLessThan(1000);
    const dups = (await m.db.db.finding.findMany({ where: { bundleId: r.id!, ruleId: "duplicate-ip" } })).filter((f) => (JSON.parse(f.entities) as { ips?: string[] }).ips?.includes(DUP));
    expect(dups.map((f) => f.severity)).toEqual(["critical"]);
    expect((JSON.parse(dups[0]!.entities) as { paths?: string[] }).paths).toContain(leakPath);
  });
});
