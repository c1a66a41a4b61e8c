/**
 * Skipped members, counted per kind for people to read: one line per kind, with the first
 * few names, instead of one line per member. A bundle of 100k symlinks is one line,
 * "skipped 100000 symbolic links (a, b, c, d, e, …)", not 100k lines stored on the bundle
 * and rendered on its overview. Counting is O(1) per member; the names kept are capped in
 * number and in length (a refused over-long name can be a megabyte of pax path).
 */
import type { SkipKind, SkippedEntry } from "./types";

export const NAMES_PER_KIND = 5;
const MAX_SHOWN_NAME = 120;

const NOUNS: Record<SkipKind, [one: string, many: string]> = {
  symlink: ["symbolic link", "symbolic links"],
  hardlink: ["hard link", "hard links"],
  device: ["device", "devices"],
  fifo: ["fifo", "fifos"],
  "absolute-path": ["entry with an absolute path", "entries with an absolute path"],
  traversal: ["entry with '..' in its path", "entries with '..' in their paths"],
  "nul-in-name": ["entry with a NUL in its name", "entries with a NUL in their names"],
  "name-too-long": ["entry with an over-long name", "entries with over-long names"],
  "empty-name": ["entry with an empty name", "entries with empty names"],
  "entry-too-large": ["entry over the per-entry size limit", "entries over the per-entry size limit"],
  "unsupported-type": ["entry of an unsupported type", "entries of unsupported types"],
  "ignored-header": ["metadata header (ignored)", "metadata headers (ignored)"],
};

/** A name as shown in a summary line: shortened, and quoted when it could be misread. */
function shown(name: string): string {
  const short = name.length > MAX_SHOWN_NAME ? `${name.slice(0, MAX_SHOWN_NAME)}…` : name;
  return /[\x00-\x1f\x7f,"()\u2028\u2029]|^\s|\s$|^$/.test(short) ? JSON.stringify(short) : short;
}

interface KindTally {
  count: number;
  names: string[];
  /** Links whose target leaves the bundle. */
  leaving: number;
}

export class SkipTally {
  private readonly kinds = new Map<SkipKind, KindTally>();
  total = 0;

  constructor(private readonly namesPerKind = NAMES_PER_KIND) {}

  add(s: SkippedEntry): void {
    this.total++;
    let t = this.kinds.get(s.kind);
    if (!t) this.kinds.set(s.kind, (t = { count: 0, names: [], leaving: 0 }));
    t.count++;
    if (s.leavesBundle) t.leaving++;
    if (t.names.length < this.namesPerKind) t.names.push(shown(s.path));
  }

  /** Count of one kind so far. */
  count(kind: SkipKind): number {
    return this.kinds.get(kind)?.count ?? 0;
  }

  /** One line per kind, in the order the kinds were first seen. */
  lines(): string[] {
    const out: string[] = [];
    for (const [kind, t] of this.kinds) {
      const [one, many] = NOUNS[kind] ?? [kind, kind];
      const names = t.names.join(", ") + (t.count > t.names.length ? ", …" : "");
      let line = `skipped ${t.count} ${t.count === 1 ? one : many} (${names})`;
      if (kind === "symlink" || kind === "hardlink") {
        line += t.leaving === 0 ? "; never followed" : `; never followed, ${t.leaving === t.count ? (t.count === 1 ? "it points" : "all point") : `${t.leaving} point`} outside the bundle`;
      }
      out.push(line);
    }
    return out;
  }
}

export function summarizeSkipped(skipped: Iterable<SkippedEntry>, namesPerKind = NAMES_PER_KIND): string[] {
  const tally = new SkipTally(namesPerKind);
  for (const s of skipped) tally.add(s);
  return tally.lines();
}
