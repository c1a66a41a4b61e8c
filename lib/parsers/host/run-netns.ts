/**
 * host/run-netns.txt: `ls -la --time-style=full-iso /run/netns /var/run/docker/netns`.
 *
 *   /run/netns:
 *   total 0
 *   -r--r--r-- 1 root root   0 2026-11-23 18:43:22.675237854 +0530 blue
 *   lrwxrwxrwx 1 root root  14 2026-11-23 18:43:22.699237855 +0530 default -> /proc/1/ns/net
 *   ls: cannot access '/var/run/docker/netns': No such file or directory
 *
 * → RunNetnsRecord { dir: "/run/netns", name: "blue", path: "/run/netns/blue", fileType: "file",
 *     mode: "-r--r--r--", size: 0, mtimeRaw: "2026-11-23 18:43:22.675237854 +0530",
 *     mtimeUtc: "2026-11-23T13:13:22.675237854Z", line: 3 }
 *
 * Why the mtime matters: a name's timestamp dates a netns leak (SCENARIOS.md case 3); it is
 * normalised to UTC with the offset ls printed, keeping the nanoseconds as text. "." and ".."
 * are skipped; a missing directory is a warning (docker not installed is normal).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines, toInt } from "@/lib/parsers/common";

export interface RunNetnsRecord {
  /** Directory as ls printed it in its "DIR:" header; null when ls printed no header. */
  dir: string | null;
  name: string;
  path: string;
  fileType: "file" | "dir" | "symlink" | "other";
  mode: string;
  size?: number;
  mtimeRaw: string;
  /** UTC, ISO 8601 with the fraction ls printed; absent if the stamp could not be read. */
  mtimeUtc?: string;
  /** Symlink target ("default -> /proc/1/ns/net"). */
  target?: string;
  line: number;
}

const ENTRY_RE =
  /^([-bcdlps])([rwxsStT-]{9})[.+@]?\s+\d+\s+\S+\s+\S+\s+(\d+|\d+,\s*\d+)\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4})\s(.+)$/;
const DIR_RE = /^(\/\S*):$/;

/** "2026-11-23 18:43:22.675237854 +0530" → "2026-11-23T13:13:22.675237854Z" */
export function fullIsoToUtc(raw: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-])(\d{2})(\d{2})$/.exec(raw);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4]}${m[5]}:${m[6]}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}${m[3] ?? ""}Z`;
}

const FILE_TYPES: Record<string, RunNetnsRecord["fileType"]> = { "-": "file", d: "dir", l: "symlink" };

export const parser: ArtifactParser<RunNetnsRecord> = {
  kind: "run-netns",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<RunNetnsRecord>();
    let dir: string | null = null;
    splitLines(text).forEach((t, i) => {
      const line = i + 1;
      if (t.trim() === "" || /^total \d+/.test(t)) return;
      const d = DIR_RE.exec(t);
      if (d) {
        dir = (d[1] ?? "").replace(/\/+$/, "") || "/";
        return;
      }
      const m = ENTRY_RE.exec(t);
      if (!m) return classifyErrorLine(t) || t.startsWith("ls:") ? out.warn(t, line) : out.skip(line, t);
      let name = m[5] ?? "";
      let target: string | undefined;
      if (m[1] === "l" && name.includes(" -> ")) [name, target] = [name.slice(0, name.indexOf(" -> ")), name.slice(name.indexOf(" -> ") + 4)];
      if (name === "." || name === "..") return;
      const mtimeRaw = m[4] ?? "";
      const rec: RunNetnsRecord = {
        dir,
        name,
        path: dir ? `${dir === "/" ? "" : dir}/${name}` : name,
        fileType: FILE_TYPES[m[1] ?? ""] ?? "other",
        mode: `${m[1]}${m[2]}`,
        mtimeRaw,
        line,
      };
      const size = toInt(m[3]);
      if (size !== undefined) rec.size = size;
      const utc = fullIsoToUtc(mtimeRaw);
      if (utc) rec.mtimeUtc = utc;
      else out.warn(`unreadable timestamp "${mtimeRaw}"`, line);
      if (target !== undefined) rec.target = target;
      out.records.push(rec);
    });
    return out.done();
  },
};
