/**
 * Streaming tar reader: ustar, old GNU, v7, GNU long names ('L' path, 'K' link target) and
 * pax headers ('x' per entry, 'g' global; path, linkpath, size, mtime). Yields one event
 * per entry; a fault ends the stream with a final { type: "error" } event, so entries read
 * before it are never lost. Links, devices and fifos are reported as skipped, never opened.
 *
 * Pax keys: a 'g' header's keys apply to every later entry until a later 'g' changes them;
 * an 'x' header's keys apply to the next entry only and win over the global ones; an empty
 * value unsets the key (POSIX: the global value, or for 'x' the global value and the header
 * field, so the ustar field is used). The global keys live in ONE map, merged in place once
 * per 'g' header and read through per entry (local, then global): an entry costs a few
 * lookups whatever the number of global keys, and the map's size is capped (maxGlobalPaxKeys).
 */
import { BLOCK, parsePax, parseTarHeader } from "./tar-header";
import { type ByteSource } from "./byte-source";
import { isArchiveError } from "./errors";
import type { ArchiveLimits } from "./limits";
import { checkEntryPath, linkLeavesBundle } from "./path-guard";
import { BufferBody, TarBody } from "./tar-body";
import type { ArchiveEvent, SkippedEntry } from "./types";

const META_TYPES: Record<string, string> = { L: "GNU long-name", K: "GNU long-link", x: "pax header", g: "pax global header" };
const NO_DATA_TYPES = new Set(["1", "2", "3", "4", "6"]);
const TYPE_NAMES: Record<string, string> = { S: "GNU sparse file", V: "volume label", M: "multi-volume continuation", D: "GNU dumpdir" };

/** x + g + L + K is the most a real entry carries; more in a row is a header flood. */
const MAX_META_IN_A_ROW = 8;
const padTo = (n: number) => (BLOCK - (n % BLOCK)) % BLOCK;

/**
 * Work done on pax keys since the last reset, for tests that check the reader stays linear
 * in entries whatever the headers hold (lib/archive/linear.test.ts): keys merged into the
 * global map, and key lookups made per entry. Process-wide; cheap enough to always count.
 */
export const paxWork = {
  globalKeysMerged: 0,
  lookups: 0,
  reset(): void {
    this.globalKeysMerged = 0;
    this.lookups = 0;
  },
};

/** Merges one 'g' header into the global keys, in place; false (nothing merged) when it would pass the cap. */
function mergeGlobal(global: Map<string, string>, pax: Map<string, string>, maxKeys: number): boolean {
  let added = 0;
  for (const [k, v] of pax) if (v !== "" && !global.has(k)) added++;
  if (global.size + added > maxKeys) return false;
  for (const [k, v] of pax) {
    if (v === "") global.delete(k);
    else global.set(k, v);
  }
  paxWork.globalKeysMerged += pax.size;
  return true;
}
/** GNU long names end in NUL; a NUL inside the name is kept so the path guard refuses it. */
const stripTrailingNul = (b: Buffer) => b.toString("utf8").replace(/\0+$/, "");

export async function* readTarEvents(src: ByteSource, limits: ArchiveLimits): AsyncGenerator<ArchiveEvent> {
  const globalPax = new Map<string, string>();
  let localPax: Map<string, string> | null = null;
  /** The value of a pax key for the current entry: its 'x' header's, else the global one; undefined when unset. */
  const paxValue = (key: string): string | undefined => {
    paxWork.lookups++;
    const local = localPax?.get(key);
    if (local !== undefined) return local === "" ? undefined : local;
    return globalPax.get(key);
  };
  let longName: string | null = null;
  let longLink: string | null = null;
  let count = 0;
  let metaInARow = 0;
  try {
    for (;;) {
      src.ctx.entry = undefined;
      const offset = src.position;
      const block = await src.read(BLOCK, "a tar header");
      if (!block) throw src.fail("truncated", "archive ends without the end-of-archive marker");
      const h = parseTarHeader(block);
      if (h.kind === "zero") return;
      if (h.kind === "bad-checksum") {
        throw src.fail("bad-checksum", `bad tar header checksum (stored ${h.stored}, computed ${h.computed})`, offset);
      }
      if (h.kind === "bad-number") throw src.fail("bad-header", `unreadable ${h.field} field in tar header`, offset);
      const raw = h.header;
      const t = raw.typeflag;

      const metaName = META_TYPES[t];
      if (metaName) {
        if (++metaInARow > MAX_META_IN_A_ROW) throw src.fail("bad-header", `more than ${MAX_META_IN_A_ROW} metadata headers in a row`, offset);
        if (raw.size > limits.maxMetaBytes) {
          throw src.fail("meta-too-large", `${metaName} of ${raw.size} bytes is over the ${limits.maxMetaBytes}-byte limit`, offset);
        }
        const data = raw.size === 0 ? Buffer.alloc(0) : await src.read(raw.size, `a ${metaName}`);
        if (!data) throw src.fail("truncated", `archive ends before the ${metaName} data`);
        await src.skip(padTo(raw.size), "tar padding");
        if (t === "L") longName = stripTrailingNul(data);
        else if (t === "K") longLink = stripTrailingNul(data);
        else {
          const pax = parsePax(data);
          if (!pax) throw src.fail("bad-header", `malformed ${metaName}`, offset);
          if (t === "x") localPax = pax;
          else if (!mergeGlobal(globalPax, pax, limits.maxGlobalPaxKeys)) {
            yield {
              type: "skipped",
              skipped: {
                path: raw.name,
                kind: "ignored-header",
                reason: `pax global header of ${pax.size} keys would take the archive past the ${limits.maxGlobalPaxKeys}-key limit for global keys; ignored (its keys are not applied)`,
                offset,
              },
            };
          }
        }
        continue;
      }

      metaInARow = 0;
      count++;
      if (count > limits.maxEntries) throw src.fail("too-many-entries", `more than ${limits.maxEntries} entries`, offset);
      const name = paxValue("path") ?? longName ?? raw.name;
      const linkTarget = paxValue("linkpath") ?? longLink ?? raw.linkname;
      const paxSize = paxValue("size");
      const size = paxSize !== undefined ? Number(paxSize) : raw.size;
      const paxMtime = paxValue("mtime");
      const mtimeSec = paxMtime !== undefined ? Number(paxMtime) : raw.mtime;
      localPax = longName = longLink = null;
      src.ctx.entry = name;
      if (!Number.isSafeInteger(size) || size < 0) throw src.fail("bad-header", `invalid entry size ${String(size)}`, offset);
      const dataBytes = NO_DATA_TYPES.has(t) ? 0 : size;
      const skipData = () => src.skip(dataBytes + padTo(dataBytes), "entry data");

      const check = checkEntryPath(name, limits);
      const skip = (s: Omit<SkippedEntry, "offset">): ArchiveEvent => ({ type: "skipped", skipped: { ...s, offset } });
      if (!check.ok && check.kind === "empty-name" && (t === "5" || name.endsWith("/"))) {
        await skipData(); // "./", the root folder of `tar -C dir .`: nothing to report
        continue;
      }
      if (!check.ok) {
        yield skip({ path: name, kind: check.kind, reason: `${check.reason}: ${JSON.stringify(name)}` });
        await skipData();
        continue;
      }
      const path = check.path;
      const mtime = Number.isFinite(mtimeSec) && mtimeSec > 0 ? new Date(mtimeSec * 1000) : null;

      // Old (v7) tars mark a directory only by a trailing "/" on a regular-file entry.
      const isDir = t === "5" || ((t === "0" || t === "\0") && name.endsWith("/") && size === 0);
      if (!isDir && (t === "0" || t === "\0" || t === "7")) {
        if (size > limits.maxEntryBytes) {
          yield skip({ path, kind: "entry-too-large", reason: `entry is ${size} bytes, over the ${limits.maxEntryBytes}-byte per-entry limit` });
          await skipData();
        } else {
          const body = new TarBody(src, size, limits.maxBufferBytes);
          yield { type: "entry", entry: { path, size, type: "file", mtime, mode: raw.mode, offset }, body };
          await body.drain();
          // The entry is complete: a fault in its padding is "after" it, not "in" it.
          src.ctx.lastGood = path;
          src.ctx.entry = undefined;
          await src.skip(padTo(size), "tar padding");
        }
      } else if (isDir) {
        yield { type: "entry", entry: { path, size: 0, type: "directory", mtime, mode: raw.mode, offset }, body: new BufferBody(Buffer.alloc(0)) };
        await skipData();
      } else if (t === "1" || t === "2") {
        const hard = t === "1";
        const leaves = linkLeavesBundle(path, linkTarget, hard);
        const what = hard ? "hardlink" : "symlink";
        const reason = leaves
          ? `${what} to ${JSON.stringify(linkTarget)} points outside the bundle; not followed`
          : `${what} to ${JSON.stringify(linkTarget)}; links are never followed`;
        yield skip({ path, kind: hard ? "hardlink" : "symlink", reason, linkTarget, leavesBundle: leaves });
        await skipData();
      } else if (t === "3" || t === "4" || t === "6") {
        const what = t === "6" ? "fifo" : t === "3" ? "character device" : "block device";
        yield skip({ path, kind: t === "6" ? "fifo" : "device", reason: `${what} entry refused` });
        await skipData();
      } else {
        const what = TYPE_NAMES[t] ?? `type ${JSON.stringify(t)}`;
        yield skip({ path, kind: "unsupported-type", reason: `unsupported tar entry (${what}) skipped` });
        await skipData();
      }
      src.ctx.lastGood = path;
    }
  } catch (e) {
    if (!isArchiveError(e)) throw e;
    yield { type: "error", error: e };
  }
}
