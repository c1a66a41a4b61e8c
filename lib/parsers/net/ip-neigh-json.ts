/**
 * Parser for `ip -j neigh` (kind ip-neigh-json), into the same IpNeighRecord as the text form.
 *
 * Sample input (one line):
 *   [{"dst":"198.18.0.2","dev":"br-nbp.0","lladdr":"6a:86:b3:87:fd:c5","state":["REACHABLE"]},
 *    {"dst":"fe80::1","dev":"eth0","lladdr":"52:54:00:12:35:02","router":null,"state":["STALE"]}]
 *
 * Quirk: iproute2 prints flags such as router/proxy as keys with a null value.
 * Lines per ip-json.ts (all 1 unless pretty-printed).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { parseJsonArray, str, strs, type JsonObject } from "./ip-json";
import type { IpNeighRecord } from "./ip-neigh";

export function neighFromJson(o: JsonObject, lineStart: number): IpNeighRecord | string {
  const address = str(o.dst);
  if (address === undefined) return "neighbour without dst";
  const rec: IpNeighRecord = { address, router: "router" in o, proxy: "proxy" in o, state: strs(o.state), line: lineStart };
  if (str(o.dev)) rec.dev = str(o.dev);
  if (str(o.lladdr)) rec.lladdr = str(o.lladdr);
  return rec;
}

export const parser: ArtifactParser<IpNeighRecord> = { kind: "ip-neigh-json", parse: (text) => parseJsonArray(text, neighFromJson) };
