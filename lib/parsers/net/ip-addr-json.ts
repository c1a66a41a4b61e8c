/**
 * Parser for `ip -d -j addr` (kind ip-addr-json): link objects with an `addr_info` array,
 * read by ip-link-json.ts into IpLinkRecord. Address lines: with plain `-j` all are line 1;
 * pretty-printed, each address carries its interface's first line (JSON has no per-address
 * line worth more than that).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { parseJsonArray } from "./ip-json";
import { linkFromJson } from "./ip-link-json";
import type { IpLinkRecord } from "./ip-link-text";

export const parser: ArtifactParser<IpLinkRecord> = { kind: "ip-addr-json", parse: (text) => parseJsonArray(text, linkFromJson) };
