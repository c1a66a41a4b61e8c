/**
 * Parser for `ip -d addr` text (kind ip-addr). One record per interface with its addresses;
 * the block format, sample and quirks are documented in ip-link-text.ts.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { parseIpLinkText, type IpLinkRecord } from "./ip-link-text";

export type { IpAddrInfo, IpLinkRecord } from "./ip-link-text";

export const parser: ArtifactParser<IpLinkRecord> = { kind: "ip-addr", parse: (text) => parseIpLinkText(text) };
