/**
 * Parser for `ss` socket listings (kind ss): -tanpie, -uanp, -tulpn, -tupna, -a (with unix,
 * netlink and packet sockets).
 *
 * Sample input (ss -tanpie; no Netid column because one protocol was asked for):
 *   State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
 *   LISTEN 0      511       198.18.0.1:8080       0.0.0.0:*     users:(("node",pid=9941,fd=19)) ino:15678 sk:1 <->
 *   	 bbr cwnd:10
 *
 * Output: SsRecord { netid (null when the column is absent), state, recvQ, sendQ, local,
 *   localAddr, localPort, peer, peerAddr, peerPort, processes: {comm,pid,fd?}[], uid?, inode?,
 *   extra? (the rest of the line raw: sk:, cgroup:, v6only:, timer:...), info? (the -i line(s)
 *   below the socket, raw), lineStart, lineEnd }.
 *
 * Quirks: the header may glue "Port" and "Process"; unix sockets print "path inode" for each
 * end (two words); ports are names ("ssh") without -n, so localPort is only set for numbers;
 * "127.0.0.53%lo:53" carries the bound interface; command names in users:(("..")) may contain
 * blanks, so the process list is matched on the raw rest of the line, not on words.
 */
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";
import { detectNotData, fields, notDataResult, ResultBuilder, splitLines, toInt } from "@/lib/parsers/common";

export interface SsProcess {
  comm: string;
  pid: number;
  fd?: number;
}

export interface SsRecord {
  netid: string | null;
  state: string;
  recvQ: number;
  sendQ: number;
  local: string;
  localAddr: string;
  localPort: string;
  peer: string;
  peerAddr: string;
  peerPort: string;
  processes: SsProcess[];
  uid?: number;
  inode?: number;
  extra?: string;
  info?: string;
  lineStart: number;
  lineEnd: number;
}

const STATES = new Set(["ESTAB", "LISTEN", "UNCONN", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSE-WAIT", "LAST-ACK", "CLOSING", "CLOSED", "UNKNOWN", "BOUND", "CONNECTED"]);
const USERS = /users:\(((?:\("(?:[^"\\]|\\.)*",[^)]*\),?)*)\)/;
const PROC = /\("((?:[^"\\]|\\.)*)",pid=(\d+)(?:,fd=(\d+))?\)/g;

/** "addr:port" split at the last colon ("[::]:80", ":::22", "*:*", "rtnl:kernel"). */
export function splitEndpoint(ep: string): { addr: string; port: string } {
  const sp = ep.indexOf(" ");
  if (sp >= 0) return { addr: ep.slice(0, sp), port: ep.slice(sp + 1) }; // unix: "path inode"
  const i = ep.lastIndexOf(":");
  return i < 0 ? { addr: ep, port: "" } : { addr: ep.slice(0, i), port: ep.slice(i + 1) };
}

function parseSocketLine(raw: string, line: number): SsRecord | undefined {
  const toks = fields(raw);
  let i = 0;
  const netid = toks[0] !== undefined && !STATES.has(toks[0]) ? (toks[i++] as string) : null;
  const state = toks[i++];
  const recvQ = toInt(toks[i++]);
  const sendQ = toInt(toks[i++]);
  if (state === undefined || recvQ === undefined || sendQ === undefined) return undefined;
  const width = netid?.startsWith("u_") ? 2 : 1;
  const local = toks.slice(i, i + width).join(" ");
  const peer = toks.slice(i + width, i + 2 * width).join(" ");
  if (toks.length < i + 2 * width) return undefined;
  const restToks = toks.slice(i + 2 * width);
  const rest = restToks.length > 0 ? raw.slice(raw.indexOf(restToks[0] as string, raw.indexOf(peer) + peer.length)).trim() : "";
  const l = splitEndpoint(local);
  const p = splitEndpoint(peer);
  const rec: SsRecord = { netid, state, recvQ, sendQ, local, localAddr: l.addr, localPort: l.port, peer, peerAddr: p.addr, peerPort: p.port, processes: [], lineStart: line, lineEnd: line };
  let extra = rest;
  const users = rest.match(USERS);
  if (users) {
    for (const m of (users[1] as string).matchAll(PROC)) {
      const proc: SsProcess = { comm: (m[1] as string).replace(/\\"/g, '"'), pid: Number(m[2]) };
      if (m[3] !== undefined) proc.fd = Number(m[3]);
      rec.processes.push(proc);
    }
    extra = rest.replace(users[0], "").trim();
  }
  const uid = extra.match(/(?:^|\s)uid:(\d+)/);
  if (uid) rec.uid = Number(uid[1]);
  const ino = extra.match(/(?:^|\s)ino:(\d+)/);
  if (ino) rec.inode = Number(ino[1]);
  if (extra !== "") rec.extra = extra;
  return rec;
}

export function parseSs(text: string): ParseResult<SsRecord> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<SsRecord>();
  let last: SsRecord | undefined;
  splitLines(text).forEach((raw, idx) => {
    const line = idx + 1;
    if (raw.trim() === "") return;
    if (/^(Netid\s+)?State\s+Recv-Q/.test(raw)) return;
    if (/^\s/.test(raw)) {
      // -i/-m detail line: belongs to the socket above it.
      if (!last) return out.skip(line, raw);
      last.info = last.info === undefined ? raw.trim() : `${last.info}\n${raw.trim()}`;
      last.lineEnd = line;
      return;
    }
    const rec = parseSocketLine(raw, line);
    if (rec) {
      out.records.push(rec);
      last = rec;
    } else {
      // ss's own stderr ("Failed to find cgroup2 mount") when streams were merged.
      out.skip(line, raw, /^(Failed to |Cannot |Error)/.test(raw) ? `ss message: ${raw.trim()}` : undefined);
      last = undefined;
    }
  });
  return out.done();
}

export const parser: ArtifactParser<SsRecord> = { kind: "ss", parse: (text) => parseSs(text) };
