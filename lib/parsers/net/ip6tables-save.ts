/**
 * Parser for `ip6tables-save -c` output (kind ip6tables-save). The format is the same as
 * iptables-save (see iptables-save.ts for the sample and output shape); only addresses differ
 * (`-s 2001:db8::/32`, `-p ipv6-icmp`). A separate kind so the model knows the family.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { parseIptablesSave, type IptablesSaveRecord } from "./iptables-save";

export type { IptablesSaveRecord as Ip6tablesSaveRecord } from "./iptables-save";

export const parser: ArtifactParser<IptablesSaveRecord> = { kind: "ip6tables-save", parse: parseIptablesSave };
