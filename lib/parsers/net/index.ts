/**
 * The network artifact parsers, for the explicit registry in lib/parsers/index.ts, plus the
 * model mappers the model builder calls. One parser per kind id of collector-script/README.md.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { parser as conntrack } from "./conntrack";
import { parser as conntrackCount } from "./conntrack-count";
import { parser as ip6tablesSave } from "./ip6tables-save";
import { parser as ipAddr } from "./ip-addr";
import { parser as ipAddrJson } from "./ip-addr-json";
import { parser as ipLink } from "./ip-link";
import { parser as ipLinkJson } from "./ip-link-json";
import { parser as ipNeigh } from "./ip-neigh";
import { parser as ipNeighJson } from "./ip-neigh-json";
import { parser as ipRoute } from "./ip-route";
import { parser as ipRouteJson } from "./ip-route-json";
import { parser as ipRule } from "./ip-rule";
import { parser as ipRuleJson } from "./ip-rule-json";
import { parser as iptablesSave } from "./iptables-save";
import { parser as ipvsadm } from "./ipvsadm";
import { parser as nftRuleset } from "./nft-ruleset";
import { parser as nftRulesetJson } from "./nft-ruleset-json";
import { parser as netstat } from "./netstat";
import { parser as ss } from "./ss";

export const NET_PARSERS: ArtifactParser[] = [
  iptablesSave,
  ip6tablesSave,
  nftRuleset,
  nftRulesetJson,
  ipAddr,
  ipAddrJson,
  ipLink,
  ipLinkJson,
  ipRoute,
  ipRouteJson,
  ipRule,
  ipRuleJson,
  ipNeigh,
  ipNeighJson,
  ss,
  netstat,
  ipvsadm,
  conntrack,
  conntrackCount,
] as ArtifactParser[];

export type { IptablesSaveRecord } from "./iptables-save";
export type { IptablesMatch, IptablesMatchArg } from "./iptables-rule-split";
export type { IpAddrInfo, IpLinkRecord } from "./ip-link-text";
export type { IpRouteRecord, IpNexthop } from "./ip-route";
export type { IpRuleRecord } from "./ip-rule";
export type { IpNeighRecord } from "./ip-neigh";
export type { SsRecord, SsProcess } from "./ss";
export type { NetstatRecord } from "./netstat";
export type { IpvsService, IpvsRealServer } from "./ipvsadm";
export type { ConntrackEntry, ConntrackTuple } from "./conntrack";
export type { ConntrackCount } from "./conntrack-count";
export type { NftRecord } from "./nft-ruleset";
