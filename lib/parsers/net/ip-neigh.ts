/**
 * Parser for `ip neigh` text (kind ip-neigh), IPv4 and IPv6.
 *
 * Sample input:
 *   198.18.0.2 dev br-nbp.0 lladdr 6a:86:b3:87:fd:c5 REACHABLE
 *   fe80::1 dev eth0 lladdr 52:54:00:12:35:02 router STALE
 *   198.18.0.7 dev eth0 FAILED
 *   198.18.0.8 dev eth0 INCOMPLETE
 *
 * Output: IpNeighRecord { address, dev?, lladdr?, router, proxy, state: string[], line }.
 * Quirks: the NUD state is one or more upper-case words at the end (e.g. "STALE", or
 * "REACHABLE NOARP" on some kernels); "proxy" entries have no state.
 */
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";
import { detectNotData, fields, notDataResult, ResultBuilder, splitLines } from "@/lib/parsers/common";

export interface IpNeighRecord {
  address: string;
  dev?: string;
  lladdr?: string;
  router: boolean;
  proxy: boolean;
  state: string[];
  line: number;
}

export function parseIpNeigh(text: string): ParseResult<IpNeighRecord> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<IpNeighRecord>();
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const toks = fields(raw);
    if (toks.length === 0) return;
    const address = toks[0] as string;
    if (!/^[0-9a-fA-F:.]+$/.test(address) || /^\s/.test(raw)) return out.skip(line, raw);
    const rec: IpNeighRecord = { address, router: false, proxy: false, state: [], line };
    for (let j = 1; j < toks.length; j++) {
      const t = toks[j] as string;
      if (t === "dev") rec.dev = toks[++j];
      else if (t === "lladdr") rec.lladdr = toks[++j];
      else if (t === "router") rec.router = true;
      else if (t === "proxy") rec.proxy = true;
      else if (/^[A-Z_]+$/.test(t)) rec.state.push(t);
    }
    out.records.push(rec);
  });
  return out.done();
}

export const parser: ArtifactParser<IpNeighRecord> = { kind: "ip-neigh", parse: (text) => parseIpNeigh(text) };
