/**
 * sysctl -a (host) and `sysctl net` run inside a netns (netns/<inode>/sysctl-net.txt).
 *
 *   net.ipv4.ip_forward = 1
 *   net.ipv4.conf.eth0/1.rp_filter = 2          <- VLAN "eth0.1": procps prints the dot as "/"
 *   net.ipv4.tcp_rmem = 4096\t131072\t6291456   <- tabs inside values kept as printed
 *   sysctl: permission denied on key 'fs.protected_regular'   <- warning, not a record
 *
 * → SysctlRecord { key: "net.ipv4.conf.eth0/1.rp_filter", value: "2",
 *                  procPath: "net/ipv4/conf/eth0.1/rp_filter", line: 2 }
 *
 * Quirks: busybox prints `key=value` without blanks; keys repeat for multi-line values
 * (dev.cdrom.info), every occurrence becomes a record; a value may be empty.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";

export interface SysctlRecord {
  /** Key exactly as printed (dots separate levels, "/" stands for a dot in a name). */
  key: string;
  /** Value as printed, trailing blanks removed; tabs between fields kept. */
  value: string;
  /** Path under /proc/sys, with "/" and "." swapped back: net/ipv4/conf/eth0.1/rp_filter. */
  procPath: string;
  line: number;
}

interface RawSysctl {
  key: string;
  value: string;
}

// Keys never contain blanks or "="; the separator is " = " (procps) or "=" (busybox).
const LINE_RE = /^([^\s=]+)\s*=\s?(.*)$/;
const SYSCTL_MSG_RE = /^sysctl: (.*)$/;

function matchLine(text: string): RawSysctl | undefined {
  const m = LINE_RE.exec(text);
  return m ? { key: m[1] ?? "", value: m[2] ?? "" } : undefined;
}

/** net.ipv4.conf.eth0/1.rp_filter → net/ipv4/conf/eth0.1/rp_filter */
export function sysctlKeyToProcPath(key: string): string {
  return key.replace(/[./]/g, (c) => (c === "." ? "/" : "."));
}

function normalise(raw: RawSysctl, line: number): SysctlRecord {
  return { key: raw.key, value: raw.value.replace(/\s+$/, ""), procPath: sysctlKeyToProcPath(raw.key), line };
}

export const parser: ArtifactParser<SysctlRecord> = {
  kind: "sysctl",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<SysctlRecord>();
    splitLines(text).forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      // "sysctl: ..." first: its "sysctl:" prefix has no "=", but the message may hold one.
      const msg = text.startsWith("sysctl:") ? SYSCTL_MSG_RE.exec(text) : null;
      const raw = msg ? undefined : matchLine(text);
      if (raw) out.records.push(normalise(raw, line));
      else if (msg || classifyErrorLine(text)) out.warn(msg ? (msg[1] ?? text) : text, line);
      else out.skip(line, text);
    });
    return out.done();
  },
};

/** Last value per key (sysctl -a prints each key once except multi-line ones). */
export function sysctlMap(records: SysctlRecord[]): Record<string, SysctlRecord> {
  const map: Record<string, SysctlRecord> = {};
  for (const r of records) map[r.key] = r;
  return map;
}
