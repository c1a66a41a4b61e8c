/**
 * Parser for `ip -d -j link` (kind ip-link-json); also the reader behind ip-addr-json.
 *
 * Sample input (one line; shown wrapped):
 *   [{"ifindex":3,"link_index":2,"ifname":"veth-nbp0","flags":["BROADCAST","UP"],"mtu":1500,
 *     "master":"br-nbp.0","operstate":"UP","link_type":"ether","address":"02:37:dc:54:f0:d4",
 *     "link_netnsid":0,"linkinfo":{"info_kind":"veth","info_slave_kind":"bridge"},"addr_info":[...]}]
 *
 * Output: the same IpLinkRecord as the text form (ip-link-text.ts), so one model mapping
 * serves both. Quirks: `link` is the parent/peer name when iproute2 resolved it, else
 * "if<link_index>"; lines per ip-json.ts (all 1 unless pretty-printed).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { num, obj, parseJsonArray, str, strs, type JsonObject } from "./ip-json";
import type { IpAddrInfo, IpLinkRecord } from "./ip-link-text";

const ADDR_FLAG_KEYS = ["dynamic", "secondary", "noprefixroute", "nodad", "tentative", "deprecated", "mngtmpaddr", "temporary", "optimistic", "dadfailed", "home", "stable-privacy"];

function addrFromJson(a: JsonObject, line: number): IpAddrInfo | undefined {
  const family = str(a.family);
  const local = str(a.local);
  if ((family !== "inet" && family !== "inet6") || local === undefined) return undefined;
  const info: IpAddrInfo = { family, local, prefixlen: num(a.prefixlen) ?? (family === "inet" ? 32 : 128), flags: ADDR_FLAG_KEYS.filter((k) => a[k] === true), line };
  if (str(a.address)) info.address = str(a.address);
  if (str(a.broadcast)) info.broadcast = str(a.broadcast);
  if (str(a.scope)) info.scope = str(a.scope);
  if (str(a.label)) info.label = str(a.label);
  return info;
}

export function linkFromJson(o: JsonObject, lineStart: number, lineEnd: number): IpLinkRecord | string {
  const ifindex = num(o.ifindex);
  const ifname = str(o.ifname);
  if (ifindex === undefined || ifname === undefined) return "object without ifindex/ifname";
  const rec: IpLinkRecord = { ifindex, ifname, flags: strs(o.flags), altnames: strs(o.altnames), addresses: [], lineStart, lineEnd };
  const linkIndex = num(o.link_index);
  const link = str(o.link) ?? (linkIndex !== undefined ? `if${linkIndex}` : undefined);
  if (link !== undefined) rec.link = link;
  if (linkIndex !== undefined) rec.peerIfindex = linkIndex;
  const set = <K extends keyof IpLinkRecord>(k: K, v: IpLinkRecord[K] | undefined) => {
    if (v !== undefined) rec[k] = v;
  };
  set("mtu", num(o.mtu));
  set("qdisc", str(o.qdisc));
  set("master", str(o.master));
  set("state", str(o.operstate));
  set("linkType", str(o.link_type));
  set("mac", str(o.address));
  set("brd", str(o.broadcast));
  set("linkNetnsId", num(o.link_netnsid));
  const info = obj(o.linkinfo);
  set("kind", str(info?.info_kind));
  set("slaveKind", str(info?.info_slave_kind));
  if (Array.isArray(o.addr_info)) {
    for (const a of o.addr_info) {
      const ai = obj(a) && addrFromJson(a as JsonObject, lineStart);
      if (ai) rec.addresses.push(ai);
    }
  }
  return rec;
}

export const parser: ArtifactParser<IpLinkRecord> = { kind: "ip-link-json", parse: (text) => parseJsonArray(text, linkFromJson) };
