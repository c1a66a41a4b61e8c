/**
 * Shared reader for the text of `ip [-d] [-s] link` and `ip [-d] addr`: both print one block
 * per interface, a header line at column 0 and indented detail lines.
 *
 * Sample input (ip -d addr):
 *   3: veth-nbp0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br-nbp.0 state UP group default qlen 1000
 *       link/ether 02:37:dc:54:f0:d4 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 1 ...
 *       veth
 *       bridge_slave state forwarding priority 32 ...
 *       inet 198.18.0.1/24 brd 198.18.0.255 scope global br-nbp.0
 *          valid_lft forever preferred_lft forever
 *
 * Output: IpLinkRecord { ifindex, ifname, link?, peerIfindex?, flags, mtu?, qdisc?, master?,
 *   state?, linkType?, mac?, brd?, peerAddress?, linkNetnsId?, linkNetns?, kind?, slaveKind?,
 *   kindDetails?, altnames, addresses: IpAddrInfo[], lineStart, lineEnd }.
 *
 * Quirks: "name@ifN" is a veth/macvlan whose peer has ifindex N (in link-netnsid's netns when
 * given); "name@parent" (bond1.57@bond1) names the parent link instead. `-d` adds a line whose
 * first word is the link kind (veth, bridge, vxlan, tun, openvswitch, team...) and, for ports,
 * one starting "<kind>_slave". `-s` adds RX:/TX: counter pairs, which are skipped. Old iproute2
 * printed valid_lft lines unindented relative to inet: they are skipped the same way.
 */
import type { ParseResult } from "@/lib/parsers/types";
import { detectNotData, fields, notDataResult, ResultBuilder, splitLines, toInt } from "@/lib/parsers/common";

export interface IpAddrInfo {
  family: "inet" | "inet6";
  local: string;
  prefixlen: number;
  /** Point-to-point peer ("inet 10.0.0.1 peer 10.0.0.2/32"). */
  address?: string;
  broadcast?: string;
  scope?: string;
  /** Label (ifname or "ifname:alias"), IPv4 only. */
  label?: string;
  /** dynamic, secondary, noprefixroute, nodad, tentative, deprecated, mngtmpaddr, ... */
  flags: string[];
  line: number;
}

export interface IpLinkRecord {
  ifindex: number;
  ifname: string;
  /** Text after "@" in the name: "if12" (peer ifindex) or a parent link name. */
  link?: string;
  peerIfindex?: number;
  flags: string[];
  mtu?: number;
  qdisc?: string;
  master?: string;
  state?: string;
  linkType?: string;
  mac?: string;
  brd?: string;
  peerAddress?: string;
  linkNetnsId?: number;
  /** Named netns of the peer (iproute2 prints the name instead of an id when it knows one). */
  linkNetns?: string;
  kind?: string;
  slaveKind?: string;
  /** The -d kind line without its first word, raw ("id 1 local 10.6.3.201 dev ens3 ..."). */
  kindDetails?: string;
  altnames: string[];
  addresses: IpAddrInfo[];
  lineStart: number;
  lineEnd: number;
}

const HEADER = /^(\d+):\s+([^\s:]+?)(?:@([^\s:]+))?:\s+<([^>]*)>(.*)$/;
const ADDR = /^\s+(inet6?)\s+(\S+)(.*)$/;
const LINK = /^\s+link\/(\S+)(.*)$/;
const SKIP = /^\s*(valid_lft|RX:|TX:|\d+(\s+\d+)*\s*$|Message truncated|alias |prog\/|vf \d|link-netnsid)/;
const ADDR_FLAGS = new Set(["dynamic", "secondary", "primary", "noprefixroute", "nodad", "tentative", "deprecated", "mngtmpaddr", "temporary", "permanent", "optimistic", "dadfailed", "home", "stable-privacy", "autojoin"]);

/** "key value" pairs of a header/link line into a lookup (first occurrence wins). */
function pairs(tokens: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < tokens.length - 1; i++) {
    const k = tokens[i] as string;
    if (!m.has(k)) m.set(k, tokens[i + 1] as string);
  }
  return m;
}

function parseAddr(family: "inet" | "inet6", cidr: string, rest: string, line: number): IpAddrInfo {
  const toks = fields(rest);
  const kv = pairs(toks);
  let local = cidr;
  let prefix: number | undefined;
  let address: string | undefined;
  const peer = kv.get("peer");
  if (peer) {
    address = peer.split("/")[0];
    prefix = toInt(peer.split("/")[1]);
  }
  if (cidr.includes("/")) {
    local = cidr.slice(0, cidr.indexOf("/"));
    prefix = toInt(cidr.slice(cidr.indexOf("/") + 1));
  }
  const info: IpAddrInfo = { family, local, prefixlen: prefix ?? (family === "inet" ? 32 : 128), flags: [], line };
  if (address) info.address = address;
  if (kv.has("brd")) info.broadcast = kv.get("brd");
  if (kv.has("scope")) info.scope = kv.get("scope");
  for (const t of toks) if (ADDR_FLAGS.has(t)) info.flags.push(t);
  const last = toks[toks.length - 1];
  // IPv4 lines end with the label (ifname, or "ifname:alias"; old outputs show another name).
  if (family === "inet" && last && !ADDR_FLAGS.has(last) && kv.get("scope") !== last && last !== kv.get("brd") && last !== peer) info.label = last;
  return info;
}

function parseHeader(m: RegExpMatchArray, line: number): IpLinkRecord {
  const [, idx, name, link, flags, rest] = m as unknown as [string, string, string, string | undefined, string, string];
  const kv = pairs(fields(rest));
  const rec: IpLinkRecord = { ifindex: Number(idx), ifname: name, flags: flags ? flags.split(",") : [], altnames: [], addresses: [], lineStart: line, lineEnd: line };
  if (link) {
    rec.link = link;
    const peer = link.match(/^if(\d+)$/);
    if (peer) rec.peerIfindex = Number(peer[1]);
  }
  if (kv.has("mtu")) rec.mtu = toInt(kv.get("mtu"));
  if (kv.has("qdisc")) rec.qdisc = kv.get("qdisc");
  if (kv.has("master")) rec.master = kv.get("master");
  if (kv.has("state")) rec.state = kv.get("state");
  return rec;
}

function parseLinkLine(rec: IpLinkRecord, type: string, rest: string): void {
  const toks = fields(rest);
  const kv = pairs(toks);
  rec.linkType = type;
  const first = toks[0];
  if (first && first !== "brd" && first !== "peer" && !/^link-netns/.test(first) && first !== "promiscuity") rec.mac = first;
  if (kv.has("brd")) rec.brd = kv.get("brd");
  if (kv.has("peer")) rec.peerAddress = kv.get("peer");
  if (kv.has("link-netnsid")) rec.linkNetnsId = toInt(kv.get("link-netnsid"));
  if (kv.has("link-netns")) rec.linkNetns = kv.get("link-netns");
}

/** Parse link/addr text into one record per interface. */
export function parseIpLinkText(text: string): ParseResult<IpLinkRecord> {
  const notData = detectNotData(text);
  if (notData) return notDataResult(notData);
  const out = new ResultBuilder<IpLinkRecord>();
  let cur: IpLinkRecord | null = null;
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    const h = raw.match(HEADER);
    if (h) {
      cur = parseHeader(h, line);
      out.records.push(cur);
      return;
    }
    if (cur === null || !/^\s/.test(raw)) {
      if (SKIP.test(raw)) return;
      out.skip(line, raw);
      return;
    }
    const rec: IpLinkRecord = cur;
    rec.lineEnd = line;
    let m: RegExpMatchArray | null;
    if ((m = raw.match(ADDR))) rec.addresses.push(parseAddr(m[1] as "inet" | "inet6", m[2] as string, m[3] as string, line));
    else if ((m = raw.match(LINK))) parseLinkLine(rec, m[1] as string, m[2] as string);
    else if (/^\s+altname\s/.test(raw)) rec.altnames.push(fields(raw)[1] as string);
    else if (SKIP.test(raw)) return;
    else if ((m = raw.match(/^\s+([a-z][a-z0-9_]*)(?:\s+(.*?))?\s*$/))) {
      const word = m[1] as string;
      if (word.endsWith("_slave")) rec.slaveKind ??= word.slice(0, -"_slave".length);
      else if (rec.kind === undefined) {
        rec.kind = word;
        if (m[2]) rec.kindDetails = m[2];
      }
    } else out.skip(line, raw);
  });
  return out.done();
}
