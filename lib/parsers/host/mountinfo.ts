/**
 * /proc/PID/mountinfo as the collector stores it (host/mountinfo/<MNTNS>.txt).
 *
 *   # pid=1234 mntns=4026531841 comm=dockerd
 *   36 35 98:0 /mnt1 /mnt\0402 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   88 67 0:4 net:[4026532248] /run/docker/netns/1a2b rw shared:9 - nsfs nsfs rw
 *
 * → MountinfoHeader { type: "header", pid: 1234, mntns: 4026531841, comm: "dockerd", line: 1 }
 *   MountinfoMount  { type: "mount", mountId: 36, parentId: 35, majorMinor: "98:0",
 *                     root: "/mnt1", mountPoint: "/mnt 2", options: "rw,noatime",
 *                     propagation: ["master:1"], fstype: "ext3", source: "/dev/root",
 *                     superOptions: "rw,errors=continue", line: 2 }
 *   ...and for the nsfs line also nsType: "net", nsInode: 4026532248.
 *
 * Why nsfs matters: a netns can be kept alive only by a bind mount of its ns file, visible
 * only inside one mount namespace (SCENARIOS.md case 2). Kernels before 3.19 show such
 * mounts with fstype "proc" instead of "nsfs"; the root field has the same TYPE:[INODE] form.
 * Octal escapes (\040 space, \011 tab, \012 newline, \134 backslash) are decoded in root,
 * mount point and source. Optional fields run until the lone "-" separator.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines, toInt } from "@/lib/parsers/common";

export interface MountinfoHeader {
  type: "header";
  pid: number | null;
  mntns: number | null;
  comm: string | null;
  line: number;
}

export interface MountinfoMount {
  type: "mount";
  mountId: number;
  parentId: number;
  majorMinor: string;
  root: string;
  mountPoint: string;
  options: string;
  /** Optional fields: shared:N, master:N, propagate_from:N, unbindable; [] means private. */
  propagation: string[];
  fstype: string;
  source: string;
  superOptions: string;
  /** For namespace-file mounts (nsfs, or proc on old kernels): "net", "mnt", ... */
  nsType?: string;
  nsInode?: number;
  line: number;
}

export type MountinfoRecord = MountinfoHeader | MountinfoMount;

interface RawMount {
  head: string[];
  optional: string[];
  tail: string[];
}

const HEADER_RE = /^#\s*pid=(\S*)\s+mntns=(\S*)\s+comm=(.*)$/;
const NS_ROOT_RE = /^\/?([a-z_]+):\[(\d+)\]$/;

/** Stage 1: split at the first lone "-" after the six fixed fields. */
function matchMount(text: string): RawMount | undefined {
  const parts = text.trim().split(" ").filter((p) => p !== "");
  if (parts.length < 7) return undefined;
  const sep = parts.indexOf("-", 6);
  if (sep < 0) return undefined;
  return { head: parts.slice(0, 6), optional: parts.slice(6, sep), tail: parts.slice(sep + 1) };
}

export function decodeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Stage 2: numbers, escapes and the namespace-file recognition. */
function normalise(raw: RawMount, line: number): MountinfoMount | string {
  const [id, parent, majorMinor, root, mountPoint, options] = raw.head;
  const mountId = toInt(id);
  const parentId = toInt(parent);
  if (mountId === undefined || parentId === undefined) return "mount id or parent id is not a number";
  if (raw.tail.length < 2) return "fewer than two fields after the '-' separator (truncated line?)";
  const rec: MountinfoMount = {
    type: "mount",
    mountId,
    parentId,
    majorMinor: majorMinor ?? "",
    root: decodeOctal(root ?? ""),
    mountPoint: decodeOctal(mountPoint ?? ""),
    options: options ?? "",
    propagation: raw.optional,
    fstype: raw.tail[0] ?? "",
    source: decodeOctal(raw.tail[1] ?? ""),
    superOptions: raw.tail.slice(2).join(" "),
    line,
  };
  const ns = NS_ROOT_RE.exec(rec.root);
  if (ns && (rec.fstype === "nsfs" || rec.fstype === "proc")) {
    rec.nsType = ns[1];
    rec.nsInode = toInt(ns[2]);
  }
  return rec;
}

function parseHeader(text: string, line: number): MountinfoHeader | undefined {
  const m = HEADER_RE.exec(text);
  if (!m) return undefined;
  return { type: "header", pid: toInt(m[1]) ?? null, mntns: toInt(m[2]) ?? null, comm: m[3] === "" ? null : (m[3] ?? null), line };
}

export const parser: ArtifactParser<MountinfoRecord> = {
  kind: "mountinfo",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<MountinfoRecord>();
    splitLines(text).forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      if (text.startsWith("#")) {
        const header = parseHeader(text, line);
        if (header) out.records.push(header);
        else out.skip(line, text, "comment line is not the collector's '# pid= mntns= comm=' header");
        return;
      }
      if (classifyErrorLine(text)) return out.warn(text, line);
      const raw = matchMount(text);
      const rec = raw ? normalise(raw, line) : "no '-' separator after the optional fields";
      if (typeof rec === "string") out.skip(line, text, rec);
      else out.records.push(rec);
    });
    return out.done();
  },
};

/** The mounts only (no header), for callers that need just the table. */
export function mountsOf(records: MountinfoRecord[]): MountinfoMount[] {
  return records.filter((r): r is MountinfoMount => r.type === "mount");
}
