/**
 * Parser for `ip -d link` text (kind ip-link). Same block format as `ip addr` without the
 * inet lines (see ip-link-text.ts); `ip -s link` RX/TX counter lines are skipped.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { parseIpLinkText, type IpLinkRecord } from "./ip-link-text";

export type { IpLinkRecord } from "./ip-link-text";

export const parser: ArtifactParser<IpLinkRecord> = { kind: "ip-link", parse: (text) => parseIpLinkText(text) };
