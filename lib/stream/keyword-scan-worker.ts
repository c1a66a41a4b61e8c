/**
 * A worker thread that finds which lines of a log block contain one of the rule set's signal
 * keywords. On a multi-million-line journal the keyword test was a quarter of the analysis,
 * all on the main thread; here it runs on the second core while the main thread parses, and
 * the main thread only fully matches the few lines the worker flags.
 *
 * The worker matches the block's bytes (lib/stream/keyword-bytes.ts). Its code is the source
 * text of those functions, run with `eval` (no module to resolve), so it works the same under
 * tsx, vitest and the Next.js server build. It returns, per block, the indices of the lines
 * with a hit. Any failure (worker crash, exit) answers null, which the line splitter reads as
 * "every line is a candidate": the scan can narrow the work but never drop a signal.
 */
import { Worker } from "node:worker_threads";
import { keywordAt, keywordLineIndices, type KeywordTable } from "@/lib/stream/keyword-bytes";
import type { BlockScan } from "@/lib/stream/line-splitter";

/**
 * Each function is bound to the name the calling code uses for it (a minifier may rename
 * them, consistently); `__name` is the no-op some compilers add to keep function names.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const __name = (f) => f;
const ${keywordAt.name} = ${keywordAt.toString()};
const ${keywordLineIndices.name} = ${keywordLineIndices.toString()};
const table = workerData.table;
parentPort.on("message", (m) => {
  const hits = Int32Array.from(${keywordLineIndices.name}(new Uint8Array(m.buf, 0, m.length), m.length, table));
  // The block's buffer goes back too, to be refilled: no fresh memory per block.
  parentPort.postMessage({ id: m.id, hits, buf: m.buf }, [hits.buffer, m.buf]);
});
`;

export class KeywordScanWorker implements BlockScan {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (hits: Int32Array | null) => void>();
  private nextId = 0;
  private readonly spare: ArrayBuffer[] = [];
  private broken = false;

  constructor(table: KeywordTable) {
    // Not unref'd: the main thread may be waiting on nothing but its answer. close() ends it.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { table } });
    this.worker.on("message", (m: { id: number; hits: Int32Array; buf: ArrayBuffer }) => {
      if (this.spare.length < 4) this.spare.push(m.buf);
      this.waiting.get(m.id)?.(m.hits);
      this.waiting.delete(m.id);
    });
    const fail = () => {
      this.broken = true;
      for (const done of this.waiting.values()) done(null);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", fail);
  }

  /** The encoding does not matter: keywords are ASCII, matched on the bytes (see keyword-bytes.ts). */
  start(parts: Buffer[]): Promise<Int32Array | null> {
    if (this.broken) return Promise.resolve(null);
    const id = this.nextId++;
    // A copy in a buffer of our own, transferred for free (cloning a decoded string would cost
    // the main thread more than the scan it hands off). The buffers come back with the answers
    // and are refilled.
    let length = 0;
    for (const p of parts) length += p.length;
    let buf = this.spare.pop();
    if (!buf || buf.byteLength < length) buf = new ArrayBuffer(Math.max(length, 512 * 1024));
    const into = new Uint8Array(buf, 0, length);
    for (let o = 0, k = 0; k < parts.length; o += parts[k]!.length, k++) into.set(parts[k]!, o);
    const b = buf;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, buf: b, length }, [b]);
    });
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.worker.terminate();
  }
}
