/**
 * Parser for `netstat -neopa` / `netstat -W -neopa` / `netstat -aeep` socket listings (kind
 * netstat), as sosreports keep them (sos_commands/networking/netstat_-W_-neopa, and
 * ip_netns_exec_NAME_netstat_-W_-neopa per named netns): sos runs ss only when its kernel
 * modules are loaded, netstat always.
 *
 * Sample input:
 *   Active Internet connections (servers and established)
 *   Proto Recv-Q Send-Q Local Address   Foreign Address  State   User  Inode    PID/Program name  Timer
 *   tcp6       0      0 :::18080        :::*             LISTEN  0     1238125  13883/busybox     off (0.00/0/0)
 *   udp        0      0 198.18.79.1:53  0.0.0.0:*                0     1236709  13885/python3     off (0.00/0/0)
 *
 * Output: NetstatRecord { proto, recvQ, sendQ, local, localAddr, localPort, foreign, state
 *   (netstat's word, "" for a stateless udp socket, a number for raw), user, inode?, pid?,
 *   program?, timer?, line }.
 *
 * Quirks: only the "Active Internet connections" section is read (UNIX, Bluetooth follow);
 * udp rows have no State column; program names hold blanks ("2322/sshd: kbrazil"), so the
 * tail is read from the right (timer) and the rest after the inode is "PID/name" or "-";
 * without -n ports and hosts are names ("localhost:ssh"); without -W long addresses are cut.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { detectNotData, fields, notDataResult, ResultBuilder, splitLines, toInt } from "@/lib/parsers/common";
import { splitEndpoint } from "./ss";

export interface NetstatRecord {
  proto: string;
  recvQ: number;
  sendQ: number;
  local: string;
  localAddr: string;
  localPort: string;
  foreign: string;
  state: string;
  user: string;
  inode?: number;
  pid?: number;
  program?: string;
  timer?: string;
  line: number;
}

const TIMER = /\s+((?:off|on|keepalive|timewait)\s+\([^)]*\))\s*$/;
const STATE_WORD = /^[A-Z][A-Z0-9_]*$/;

function parseRow(raw: string, line: number): NetstatRecord | string {
  let text = raw;
  let timer: string | undefined;
  const t = TIMER.exec(text);
  if (t) {
    timer = t[1];
    text = text.slice(0, t.index);
  }
  const tok = fields(text);
  const [proto, rq, sq, local, foreign] = tok;
  const recvQ = toInt(rq);
  const sendQ = toInt(sq);
  if (!proto || recvQ === undefined || sendQ === undefined || !local || !foreign) return "not a socket row";
  // After the foreign address: [State] User Inode PID/Program. udp has no state unless
  // connected, raw prints a number: the state is there when the inode (digits) sits at 7.
  let i = 5;
  let state = "";
  if (toInt(tok[7]) !== undefined && tok[5] !== undefined && (STATE_WORD.test(tok[5]) || /^\d+$/.test(tok[5]))) {
    state = tok[5];
    i++;
  }
  const user = tok[i++];
  const inode = toInt(tok[i]);
  if (user === undefined || inode === undefined) return "no user and inode columns (not -e output)";
  i++;
  const rec: NetstatRecord = { proto, recvQ, sendQ, local, ...endpoint(local), foreign, state, user, inode, line };
  const rest = tok.slice(i).join(" ");
  const m = /^(\d+)\/(.*)$/.exec(rest);
  if (m) {
    rec.pid = Number(m[1]);
    if (m[2]) rec.program = m[2];
  }
  if (timer) rec.timer = timer;
  return rec;
}

function endpoint(ep: string): { localAddr: string; localPort: string } {
  const { addr, port } = splitEndpoint(ep);
  return { localAddr: addr, localPort: port };
}

export const parser: ArtifactParser<NetstatRecord> = {
  kind: "netstat",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<NetstatRecord>();
    let inet: boolean | null = null;
    splitLines(text).forEach((raw, idx) => {
      const line = idx + 1;
      if (raw.trim() === "") return;
      if (raw.startsWith("Active ")) {
        inet = raw.startsWith("Active Internet connections");
        return;
      }
      if (inet === false) return;
      if (/^Proto\s+Recv-Q/.test(raw)) return;
      const rec = parseRow(raw, line);
      if (typeof rec === "string") out.skip(line, raw, rec);
      else out.records.push(rec);
    });
    return out.done();
  },
};
