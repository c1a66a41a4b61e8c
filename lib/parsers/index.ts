/**
 * The explicit parser registry: artifact kind id → parser (STYLE habit 6: kinds are
 * abstract; lib/bundle maps paths and manifest commands to kinds). Log kinds stream.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { NET_PARSERS } from "@/lib/parsers/net";
import { parser as bootTime } from "@/lib/parsers/host/boot-time";
import { parser as date } from "@/lib/parsers/host/date";
import { parser as crictlPods } from "@/lib/parsers/host/crictl-pods";
import { parser as crictlPs } from "@/lib/parsers/host/crictl-ps";
import { parser as dockerInfo } from "@/lib/parsers/host/docker-info";
import { parser as dockerInspectPids } from "@/lib/parsers/host/docker-inspect-pids";
import { parser as dockerPs } from "@/lib/parsers/host/docker-ps";
import { parser as lsnsJson } from "@/lib/parsers/host/lsns-json";
import { parser as lsns } from "@/lib/parsers/host/lsns";
import { parser as mountinfo } from "@/lib/parsers/host/mountinfo";
import { parser as nsLinks } from "@/lib/parsers/host/ns-links";
import { parser as osRelease } from "@/lib/parsers/host/os-release";
import { parser as ps } from "@/lib/parsers/host/ps";
import { parser as runNetns } from "@/lib/parsers/host/run-netns";
import { parser as sosLog } from "@/lib/parsers/host/sos-log";
import { parser as sosManifest } from "@/lib/parsers/host/sos-manifest";
import { parser as sysctl } from "@/lib/parsers/host/sysctl";
import { parser as systemdUnit } from "@/lib/parsers/host/systemd-unit";
import { parser as uname } from "@/lib/parsers/host/uname";
import { parser as uptime } from "@/lib/parsers/host/uptime";
import { LOG_PARSERS as LOG_PARSER_LIST, type LogArtifactParser } from "@/lib/parsers/logs";

const HOST_PARSERS: ArtifactParser[] = [
  bootTime, crictlPods, crictlPs, date, dockerInfo, dockerInspectPids, dockerPs, lsnsJson, lsns, mountinfo, nsLinks, osRelease, ps,
  runNetns, sosLog, sosManifest, sysctl, systemdUnit, uname, uptime,
] as ArtifactParser[];

/** Parsers whose input may be huge: fed line by line, records drained through onRecord. */
export const LOG_PARSERS: Record<string, LogArtifactParser<unknown>> = Object.fromEntries(
  (LOG_PARSER_LIST as readonly LogArtifactParser<unknown>[]).map((p) => [p.kind, p]),
);

export const PARSERS: Record<string, ArtifactParser> = Object.fromEntries([...HOST_PARSERS, ...NET_PARSERS].map((p) => [p.kind, p]));

export function parserFor(kind: string | null): ArtifactParser | undefined {
  return kind ? (PARSERS[kind] ?? LOG_PARSERS[kind]) : undefined;
}
