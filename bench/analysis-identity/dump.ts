/**
 * Analyses each bundle with this tree's analyzeBundle and writes everything it produced as
 * JSON, one file per bundle: the result (model, findings, notEvaluated, errors, complete),
 * every streamed timeline event, every stored body (path, meta, SHA-256) and the progress
 * stages. compare.mjs runs this in two trees and compares the files byte for byte.
 *   npx tsx bench/analysis-identity/dump.ts OUT_DIR BUNDLE...
 * Only the public entry point is used, so the script runs unchanged in an older tree.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";

async function dumpOne(bundle: string): Promise<string> {
  const events = crypto.createHash("sha256");
  let eventCount = 0;
  const bodies: unknown[] = [];
  const stages: string[] = [];
  try {
    const result = await analyzeBundle(bundle, {
      storeMaxBytes: 64 * 1024 * 1024,
      timelineKeep: 5000,
      onProgress: (p) => {
        if (stages.at(-1) !== p.stage) stages.push(p.stage);
      },
      onEvents: (batch) => {
        // Millions of events in a bench bundle: hashed one by one, not kept.
        for (const e of batch) events.update(JSON.stringify(e) + "\n");
        eventCount += batch.length;
      },
      onArtifactBody: (meta, body) => {
        bodies.push({ ...meta, sha256: body ? crypto.createHash("sha256").update(body).digest("hex") : null });
      },
    });
    return JSON.stringify({ result, eventCount, events: events.digest("hex"), bodies, stages }, null, 1);
  } catch (err) {
    return JSON.stringify({ threw: err instanceof Error ? `${err.name}: ${err.message}` : String(err), eventCount, bodies, stages }, null, 1);
  }
}

async function main(): Promise<void> {
  const [out, ...bundles] = process.argv.slice(2);
  if (!out || bundles.length === 0) throw new Error("usage: dump.ts OUT_DIR BUNDLE...");
  fs.mkdirSync(out, { recursive: true });
  for (const b of bundles) {
    const t0 = performance.now();
    fs.writeFileSync(path.join(out, `${path.basename(b)}.json`), await dumpOne(b));
    console.log(`${path.basename(b)}\t${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
