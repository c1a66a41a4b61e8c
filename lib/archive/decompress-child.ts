/**
 * Chunk feed for .tar.xz and .tar.bz2: the system decoder (`xz -dc` from xz-utils, `bzip2 -dc`)
 * as a guarded child process. Chosen by measurement (bench/archive/xz-bz2.mjs, 162 MB tar of
 * text, 2-core VM): reading `xz -dc` from node ran at 0.71-0.82x the speed of `xz -dc | wc -c`
 * and `bzip2 -dc` at 0.74-0.87x of `bzip2 -dc | wc -c` (4 runs); npm xz-decompress (WASM) at
 * 0.45-0.58x, 96 MB RSS; unbzip2-stream (pure JS) at 0.24-0.41x, 160-170 MB RSS; @napi-rs/lzma
 * only decompresses whole buffers (243 MB RSS here), so it cannot stream: disqualified.
 *
 * - We read the file and write it to the child's stdin ourselves, so compressed bytes are
 *   counted (ratio cap, progress) and the file name never reaches a command line.
 * - Backpressure both ways: stdout is only read when the tar reader pulls, so a stalled
 *   consumer stalls the decoder (memory stays at the pipe buffers plus the decoder's own).
 * - xz runs with --memlimit-decompress (limits.maxDecoderMemoryBytes); bzip2 needs < 8 MiB.
 * - The child is killed (SIGKILL) on close(): any fault, a cap hit, or a consumer that stops
 *   early. Its stderr (first 4 KiB) becomes the ArchiveError message; a missing binary is
 *   "decoder-unavailable".
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { ArchiveError } from "./errors";
import type { ChunkFeed } from "./byte-source";
import { READ_HIGH_WATER_MARK } from "./feeds";

export type ChildDecoder = "xz" | "bzip2";

/** Pids of decoder children not yet exited: for tests that check nothing is left running. */
export const runningDecoders = new Set<number>();

const STDERR_KEEP = 4096;

function argsFor(decoder: ChildDecoder, maxMemory: number): string[] {
  if (decoder === "xz") return ["-dc", "-q", "-T1", `--memlimit-decompress=${Math.max(1, Math.floor(maxMemory))}`, "-"];
  return ["-dc"]; // not -q: bzip2 -q also drops the "file ends unexpectedly" message
}

/** Maps the decoder's exit to an ArchiveError: truncated input, memory limit, or corrupt data. */
export function decoderFault(decoder: ChildDecoder, code: number | null, stderr: string): ArchiveError | null {
  if (code === 0) return null;
  // xz: exit 2 is a warning only (e.g. an integrity check type it cannot verify).
  if (decoder === "xz" && code === 2 && !/error|corrupt|unexpected|limit/i.test(stderr)) return null;
  // The first line says what happened; bzip2 follows it with paragraphs of advice.
  const detail = stderr.split("\n").map((l) => l.trim()).find((l) => l !== "")?.replace(/;$/, "") ?? `${decoder} exited with code ${code}`;
  if (/unexpected end of input|ends unexpectedly|truncated/i.test(stderr)) {
    return new ArchiveError("truncated", `${decoder} stream ends early: the archive is truncated (${detail})`);
  }
  if (/memory usage limit/i.test(stderr)) {
    return new ArchiveError(`corrupt-${decoder}`, `${decoder} stream needs more decoder memory than allowed (${detail})`);
  }
  return new ArchiveError(`corrupt-${decoder}`, `${decoder} data corrupt (${detail})`);
}

/** Started on the first pull, so an archive opened but never read spawns nothing. */
function startDecoder(filePath: string, decoder: ChildDecoder, maxMemory: number, onRead: (bytesRead: number) => void) {
  const st = { read: 0, stderr: "", spawnError: null as Error | null };
  const file = fs.createReadStream(filePath, { highWaterMark: READ_HIGH_WATER_MARK });
  const child: ChildProcess = spawn(decoder, argsFor(decoder, maxMemory), { stdio: ["pipe", "pipe", "pipe"] });
  const stdin = child.stdin!;
  const stdout = child.stdout!;
  if (child.pid !== undefined) runningDecoders.add(child.pid);
  const exited = new Promise<number | null>((resolve) => {
    child.on("error", (e) => {
      st.spawnError = e;
      resolve(null);
    });
    child.on("close", (code) => resolve(code));
  });
  void exited.then(() => child.pid !== undefined && runningDecoders.delete(child.pid));
  child.stderr!.on("data", (c: Buffer) => {
    if (st.stderr.length < STDERR_KEEP) st.stderr += c.toString("utf8").slice(0, STDERR_KEEP - st.stderr.length);
  });
  file.on("data", (c) => {
    st.read += c.length;
    onRead(st.read);
  });
  // The decoder may stop reading (fault, or we killed it): its stdin then errors with EPIPE.
  stdin.on("error", () => undefined);
  file.on("error", (e) => {
    st.spawnError ??= e;
    child.kill("SIGKILL");
  });
  file.pipe(stdin);

  const kill = () => {
    file.unpipe(stdin);
    file.destroy();
    stdin.destroy();
    stdout.destroy();
    child.stderr?.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };

  const failure = async (): Promise<ArchiveError | null> => {
    const code = await exited;
    const e = st.spawnError as NodeJS.ErrnoException | null;
    if (e?.code === "ENOENT" && e.syscall?.startsWith("spawn")) {
      const [ext, pkg] = decoder === "xz" ? ["xz", "xz-utils"] : ["bz2", "bzip2"];
      return new ArchiveError("decoder-unavailable", `cannot read a .tar.${ext} archive: the \`${decoder}\` program is not installed (Debian: apt-get install ${pkg})`);
    }
    if (e) return new ArchiveError("io-error", `read failed (${e.message})`);
    return decoderFault(decoder, code, st.stderr);
  };

  return { st, it: stdout[Symbol.asyncIterator]() as AsyncIterator<Buffer>, kill, failure };
}

export function openChildDecoderFeed(
  filePath: string,
  decoder: ChildDecoder,
  maxMemory: number,
  onRead: (bytesRead: number) => void,
): ChunkFeed {
  let d: ReturnType<typeof startDecoder> | null = null;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    d?.kill();
  };

  return {
    async next() {
      if (closed) return null;
      d ??= startDecoder(filePath, decoder, maxMemory, onRead);
      let r: IteratorResult<Buffer>;
      try {
        r = await d.it.next();
      } catch (e) {
        const f = await d.failure();
        close();
        throw f ?? e;
      }
      if (r.done) {
        const f = await d.failure();
        close();
        if (f) throw f;
        return null;
      }
      // Pipe chunks (64 KiB) are passed on as they are: joining them into 1 MiB chunks measured
      // no faster (bench/archive/xz-bz2.mjs, 121 MB .tar.xz: 1.04-1.16 s either way).
      return r.value;
    },
    compressedRead: () => d?.st.read ?? 0,
    close,
  };
}
