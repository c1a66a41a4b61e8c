/**
 * A worker thread that finds which lines of a log block contain one of the rule set's signal
 * keywords. On a multi-million-line journal the keyword test was a quarter of the analysis,
 * all on the main thread; here it runs on the second core while the main thread parses, and
 * the main thread only fully matches the few lines the worker flags.
 *
 * The worker is plain JavaScript run with `eval` (no module to resolve), so it works the same
 * under tsx, vitest and the Next.js server build. It returns, per block, the offset of the
 * first hit on each line that has one. Any failure (worker crash, exit) answers null, which
 * the line splitter reads as "every line is a candidate": the scan can narrow the work but
 * never drop a signal.
 */
import { Worker } from "node:worker_threads";
import type { BlockScan } from "@/lib/analyze/line-splitter";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const re = new RegExp(workerData.source, "g");
parentPort.on("message", (m) => {
  const bytes = Buffer.from(m.buf, 0, m.length);
  const hits = [];
  // Decoded in pieces that end after a newline (small strings are far cheaper than one big
  // one, see decodePieces); offsets are counted in the joined text, as the main thread does.
  let base = 0;
  for (let o = 0; o < bytes.length; ) {
    let e = bytes.length;
    if (e - o > 32768) {
      const nl = bytes.lastIndexOf(10, o + 32767);
      e = nl >= o ? nl + 1 : bytes.indexOf(10, o + 32768) + 1 || bytes.length;
    }
    const text = bytes.toString(m.encoding, o, e);
    re.lastIndex = 0;
    for (let x = re.exec(text); x !== null; x = re.exec(text)) {
      hits.push(base + x.index);
      // One hit per line is enough: go on at the next line.
      const nl = text.indexOf("\\n", x.index);
      if (nl < 0) break;
      re.lastIndex = nl + 1;
    }
    base += text.length;
    o = e;
  }
  const out = Int32Array.from(hits);
  // The block's buffer goes back too, to be refilled: no fresh memory per block.
  parentPort.postMessage({ id: m.id, hits: out, buf: m.buf }, [out.buffer, m.buf]);
});
`;

export class KeywordScanWorker implements BlockScan {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (hits: Int32Array | null) => void>();
  private nextId = 0;
  private readonly spare: ArrayBuffer[] = [];
  private broken = false;

  /** `source`: a case-sensitive regex of literal keywords (RuleSet.keywordScan.source). */
  constructor(source: string) {
    // Not unref'd: the main thread may be waiting on nothing but its answer. close() ends it.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { source } });
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

  start(bytes: Buffer, encoding: BufferEncoding): Promise<Int32Array | null> {
    if (this.broken) return Promise.resolve(null);
    const id = this.nextId++;
    // Bytes, not the decoded string: a copied buffer is transferred for free, while cloning
    // a string costs the main thread more than the scan it hands off (1.7 s on a 629 MB
    // journal). The buffers come back with the answers and are refilled.
    let buf = this.spare.pop();
    if (!buf || buf.byteLength < bytes.length) buf = new ArrayBuffer(Math.max(bytes.length, 512 * 1024));
    new Uint8Array(buf, 0, bytes.length).set(bytes);
    const b = buf;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, buf: b, length: bytes.length, encoding }, [b]);
    });
  }

  async close(): Promise<void> {
    this.broken = true;
    await this.worker.terminate();
  }
}
