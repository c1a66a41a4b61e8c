/**
 * Parser for `ipvsadm -Ln` (kind ipvsadm): IPVS virtual services and their real servers.
 *
 * Sample input:
 *   IP Virtual Server version 1.2.1 (size=4096)
 *   Prot LocalAddress:Port Scheduler Flags
 *     -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
 *   TCP  10.3.0.1:443 rr persistent 10800 mask 0.0.0.0
 *     -> 10.10.3.2:443                Masq    1      0          0
 *   FWM  100 rr
 *   UDP  [fd00::10]:53 rr
 *
 * Output: IpvsService { protocol (TCP/UDP/SCTP/FWM), address, port?, fwmark?, scheduler,
 *   flags (raw words after the scheduler), persistent?, mask?, realServers: { address, port,
 *   forward (Masq/Route/Tunnel/Local), weight, activeConn, inactConn, line }[], lineStart, lineEnd }.
 *
 * Quirks: IPv6 addresses are bracketed; FWM services have a mark instead of address:port;
 * a service with no real servers (all endpoints gone) is the interesting case, kept as [].
 */
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";
import { detectNotData, fields, notDataResult, ResultBuilder, splitLines, toInt } from "@/lib/parsers/common";
import { splitEndpoint } from "./ss";

export interface IpvsRealServer {
  address: string;
  port: number | null;
  forward: string;
  weight: number;
  activeConn: number;
  inactConn: number;
  line: number;
}

export interface IpvsService {
  protocol: string;
  address: string;
  port?: number;
  fwmark?: number;
  scheduler: string;
  flags: string[];
  persistent?: number;
  mask?: string;
  realServers: IpvsRealServer[];
  lineStart: number;
  lineEnd: number;
}

const SERVICE = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s+(\S+)(?:\s+(.*?))?\s*$/;
const REAL = /^\s+->\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/;
const HEADER = /^(IP Virtual Server version|Prot LocalAddress|\s+-> RemoteAddress)/;

export function parseIpvsadm(text: string): ParseResult<IpvsService> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<IpvsService>();
  let svc: IpvsService | undefined;
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "" || HEADER.test(raw)) return;
    let m: RegExpMatchArray | null;
    if ((m = raw.match(SERVICE))) {
      const [, protocol, target, scheduler, rest] = m as unknown as [string, string, string, string, string | undefined];
      svc = { protocol, address: "", scheduler, flags: fields(rest ?? ""), realServers: [], lineStart: line, lineEnd: line };
      if (protocol === "FWM") svc.fwmark = toInt(target);
      else {
        const ep = splitEndpoint(target);
        svc.address = ep.addr.replace(/^\[(.*)\]$/, "$1");
        svc.port = toInt(ep.port);
      }
      const p = svc.flags.indexOf("persistent");
      if (p >= 0) svc.persistent = toInt(svc.flags[p + 1]);
      const k = svc.flags.indexOf("mask");
      if (k >= 0) svc.mask = svc.flags[k + 1];
      out.records.push(svc);
    } else if ((m = raw.match(REAL)) && svc) {
      const ep = splitEndpoint(m[1] as string);
      svc.realServers.push({ address: ep.addr.replace(/^\[(.*)\]$/, "$1"), port: toInt(ep.port) ?? null, forward: m[2] as string, weight: Number(m[3]), activeConn: Number(m[4]), inactConn: Number(m[5]), line });
      svc.lineEnd = line;
    } else out.skip(line, raw);
  });
  return out.done();
}

export const parser: ArtifactParser<IpvsService> = { kind: "ipvsadm", parse: (text) => parseIpvsadm(text) };
