// Loads the demo bundle (or the file given) through the same path as a browser upload:
// store + Bundle row + ingest job, then runs that job here so the demo is ready when the
// server starts. Does nothing when a byte-identical bundle is already there.
//   npx tsx --conditions=react-server scripts/load-demo.ts [bundle.tar.gz]   (or NETBUNDLE_DEMO_BUNDLE=…)
import fs from "node:fs";
import { Readable } from "node:stream";
import { ensureBootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { createBundleFromUpload } from "@/lib/commands/create-bundle-from-upload";
import { db } from "@/lib/db";
import { JOBS } from "@/lib/jobs/registry";
import { newWorkerId, runNextJob } from "@/lib/jobs/worker";

const CANDIDATES = ["e2e/fixtures/demo-bundle.tar.gz", "demo/demo-bundle.tar.gz"];

const DEMO_CASE = { id: "demo", title: "Demo: a node with a duplicate IP", customer: "netbundle demo", notes: "Loaded by npm start from the committed demo bundle." };

async function main(): Promise<number> {
  // The first admin is made here too so its credentials print in the start log.
  await ensureBootstrapAdmin();
  const file = process.argv[2] ?? process.env.NETBUNDLE_DEMO_BUNDLE ?? CANDIDATES.find((f) => fs.existsSync(f));
  if (!file || !fs.existsSync(file)) {
    console.log(`load-demo: no demo bundle yet (looked for ${CANDIDATES.join(", ")}); skipping`);
    return 0;
  }
  await db.case.upsert({ where: { id: DEMO_CASE.id }, create: DEMO_CASE, update: {} });
  const r = await createBundleFromUpload({ body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, fileName: file.split("/").pop(), caseId: DEMO_CASE.id });
  if (r.duplicateOf) {
    console.log(`load-demo: ${file} is already loaded as bundle ${r.duplicateOf}`);
    return 0;
  }
  console.log(`load-demo: ${file} → bundle ${r.id}, ingesting`);
  const workerId = `load-demo:${newWorkerId()}`;
  for (;;) {
    const b = await db.bundle.findUnique({ where: { id: r.id }, select: { status: true, error: true } });
    if (!b || ["ready", "partial", "failed"].includes(b.status)) {
      console.log(`load-demo: bundle ${r.id} is ${b?.status ?? "gone"}${b?.error ? `: ${b.error}` : ""}`);
      return b?.status === "failed" ? 1 : 0;
    }
    const ran = await runNextJob({ jobs: JOBS, workerId });
    if (!ran || ran.outcome === "retry") {
      console.log(`load-demo: bundle ${r.id} is queued; the server's worker will finish it${ran ? ` (last error: ${b.error ?? "?"})` : ""}`);
      return 0;
    }
  }
}

main()
  .then(async (code) => {
    await db.$disconnect();
    process.exit(code);
  })
  .catch((e) => {
    console.error("load-demo:", e);
    process.exit(1);
  });
