/**
 * In-archive links resolved by name, after the one pass: a link whose target stays inside the
 * archive root names the member (or the folder of members) it points to; nothing on the
 * filesystem is touched and nothing is followed outside. sosreports carry dozens of such
 * convenience links (`ps -> sos_commands/process/ps_auxwww`, `proc/net -> self/net`,
 * `proc/self -> 15429`, `lib -> usr/lib`), each of which used to be one "Problem".
 *
 * Chains resolve through other links (proc/net -> self/net -> 15429/net), at most MAX_HOPS
 * deep (a cycle is skipped, as ELOOP would). A link is skipped when its target leaves the
 * root (absolute, or `..` past it) or names nothing in the archive (dangling, or cut off by a
 * truncation). Work is linear in links plus member path lengths.
 */
import type { SkippedEntry } from "./types";

const MAX_HOPS = 40;
/** Names of skipped links shown in the summary line. */
const SHOWN = 3;

export interface LinkResolution {
  /** Link path → the member or folder path it names (archive paths, normalized). */
  resolved: Map<string, string>;
  skipped: { path: string; target: string; why: "outside the archive" | "names nothing in the archive" | "a loop of links" }[];
}

/** Target of a link as an archive path, or null when it leaves the root. */
function normalize(linkPath: string, target: string, hard: boolean): string | null {
  if (/^[\\/]/.test(target) || /^[A-Za-z]:/.test(target)) return null;
  const stack = hard ? [] : linkPath.split("/").slice(0, -1);
  for (const part of target.split(/[\\/]/)) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (stack.length === 0) return null;
      stack.pop();
    } else stack.push(part);
  }
  return stack.join("/");
}

export function resolveLinks(links: SkippedEntry[], members: Iterable<string>): LinkResolution {
  const files = new Set<string>();
  const dirs = new Set<string>([""]);
  for (const m of members) {
    files.add(m);
    for (let i = m.indexOf("/"); i >= 0; i = m.indexOf("/", i + 1)) dirs.add(m.slice(0, i));
  }
  const linkTarget = new Map<string, { raw: string; hard: boolean }>();
  for (const l of links) if (l.linkTarget !== undefined) linkTarget.set(l.path, { raw: l.linkTarget, hard: l.kind === "hardlink" });

  /** Replaces the longest leading part of `p` that is itself a link, once. */
  const expandPrefix = (p: string): string | null | undefined => {
    const parts = p.split("/");
    for (let n = parts.length; n > 0; n--) {
      const head = parts.slice(0, n).join("/");
      const l = linkTarget.get(head);
      if (!l) continue;
      const t = normalize(head, l.raw, l.hard);
      if (t === null) return null;
      return [t, ...parts.slice(n)].filter(Boolean).join("/");
    }
    return undefined;
  };

  const out: LinkResolution = { resolved: new Map(), skipped: [] };
  for (const l of links) {
    if (l.linkTarget === undefined) continue;
    let p = normalize(l.path, l.linkTarget, l.kind === "hardlink");
    let hops = 0;
    while (p !== null && !files.has(p) && !dirs.has(p) && hops < MAX_HOPS) {
      const next = expandPrefix(p);
      if (next === undefined) break;
      p = next;
      hops++;
    }
    if (p === null) out.skipped.push({ path: l.path, target: l.linkTarget, why: "outside the archive" });
    else if (files.has(p) || dirs.has(p)) out.resolved.set(l.path, p);
    else out.skipped.push({ path: l.path, target: l.linkTarget, why: hops >= MAX_HOPS ? "a loop of links" : "names nothing in the archive" });
  }
  return out;
}

/** The one line for the report: "37 in-bundle links resolved, 2 skipped: a -> /etc/x (outside the archive), …". */
export function linkSummary(r: LinkResolution): string | null {
  const total = r.resolved.size + r.skipped.length;
  if (total === 0) return null;
  const shown = r.skipped.slice(0, SHOWN).map((s) => `${clip(s.path)} -> ${clip(s.target)} (${s.why})`);
  const more = r.skipped.length > SHOWN ? ", …" : "";
  return `${r.resolved.size} in-bundle link${r.resolved.size === 1 ? "" : "s"} resolved, ${r.skipped.length} skipped${shown.length ? `: ${shown.join(", ")}${more}` : ""}`;
}

function clip(s: string): string {
  const short = s.length > 120 ? `${s.slice(0, 120)}…` : s;
  return /[\x00-\x1f\x7f,"()\u2028\u2029]|^\s|\s$|^$/.test(short) ? JSON.stringify(short) : short;
}
