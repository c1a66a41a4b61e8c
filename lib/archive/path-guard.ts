/**
 * Entry-name checks. Nothing is ever extracted, but paths flow on into storage keys, the
 * artifact viewer and URLs, so a name that could escape a directory is refused here, once.
 * For refusing, "\" counts as a separator too (zips from Windows use it, and a viewer on
 * another platform might honour it); the kept path keeps it as a plain character, since
 * Linux names contain it (systemd units like "dev-disk-by\x2duuid.device").
 */
import type { ArchiveLimits } from "./limits";
import type { SkipKind } from "./types";

export type PathCheck = { ok: true; path: string } | { ok: false; kind: SkipKind; reason: string };

const SEP = /[\\/]/;

export function checkEntryPath(raw: string, limits: ArchiveLimits): PathCheck {
  if (raw.includes("\0")) return { ok: false, kind: "nul-in-name", reason: "name contains a NUL byte" };
  const bytes = Buffer.byteLength(raw, "utf8");
  if (bytes > limits.maxNameBytes) {
    return { ok: false, kind: "name-too-long", reason: `name is ${bytes} bytes, over the ${limits.maxNameBytes}-byte limit` };
  }
  if (/^[\\/]/.test(raw) || /^[A-Za-z]:/.test(raw)) {
    return { ok: false, kind: "absolute-path", reason: "absolute path refused" };
  }
  if (raw.split(SEP).includes("..")) return { ok: false, kind: "traversal", reason: "path traversal ('..') refused" };
  const parts: string[] = [];
  for (const part of raw.split("/")) {
    if (part === "" || part === ".") continue;
    if (Buffer.byteLength(part, "utf8") > limits.maxComponentBytes) {
      return { ok: false, kind: "name-too-long", reason: `a path component is over ${limits.maxComponentBytes} bytes` };
    }
    parts.push(part);
  }
  if (parts.length === 0) return { ok: false, kind: "empty-name", reason: "empty name" };
  return { ok: true, path: parts.join("/") };
}

/**
 * Whether a link target points outside the archive root. Symlink targets are relative to
 * the link's folder; hardlink targets are archive paths (relative to the root).
 */
export function linkLeavesBundle(entryPath: string, target: string, hard: boolean): boolean {
  if (/^[\\/]/.test(target) || /^[A-Za-z]:/.test(target)) return true;
  const stack = hard ? [] : entryPath.split("/").slice(0, -1);
  for (const part of target.split(SEP)) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (stack.length === 0) return true;
      stack.pop();
    } else stack.push(part);
  }
  return false;
}
