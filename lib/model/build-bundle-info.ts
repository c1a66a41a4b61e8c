/** BundleInfo from the manifest, with uname/os-release/uptime/boot-time filling the gaps. */
import type { BootTimeRecord } from "@/lib/parsers/host/boot-time";
import type { OsReleaseRecord } from "@/lib/parsers/host/os-release";
import type { UnameRecord } from "@/lib/parsers/host/uname";
import type { UptimeRecord } from "@/lib/parsers/host/uptime";
import { bundleTimeFacts } from "@/lib/time/from-bundle";
import type { BundleInfo } from "@/lib/model/types";
import { byKind, firstOf, type ParsedBundle } from "@/lib/stream/parsed-bundle";
import { sosCollectedAt } from "@/lib/stream/sos-collected-at";
import type { SosManifestRecord } from "@/lib/parsers/host/sos-manifest";

export function buildBundleInfo(pb: ParsedBundle): BundleInfo {
  const m = pb.manifest;
  const uname = firstOf<UnameRecord>(pb, "uname")?.records[0];
  const uptime = firstOf<UptimeRecord>(pb, "uptime")?.records[0];
  const boot = firstOf<BootTimeRecord>(pb, "boot-time")?.records[0];
  const osRelease: Record<string, string> = {};
  for (const r of firstOf<OsReleaseRecord>(pb, "os-release")?.records ?? []) osRelease[r.key] = r.value;
  // a sosreport has no manifest of ours: its own manifest and date plugin date it
  const time = bundleTimeFacts({ collectedAt: m?.collectedAt ?? sosCollectedAt(pb.artifacts), uptime, boot });
  const sos = byKind<SosManifestRecord>(pb, "sos-manifest").flatMap((a) => a.records).find((r) => r.type === "report");
  return {
    host: m?.host ?? uname?.hostname ?? null,
    kernel: m?.kernel ?? uname?.kernelRelease ?? null,
    collectedAt: time.collectedAt,
    nodeClock: time.nodeClock,
    // BundleInfo's convention: seconds to ADD to node-local time to get UTC.
    utcOffsetSeconds: time.utcOffsetSeconds,
    collector: m?.collector?.name ? { name: m.collector.name, version: m.collector.version ?? "?" } : sos?.type === "report" ? { name: "sos report", version: sos.version ?? "?" } : null,
    formatVersion: m?.formatVersion ?? null,
    uid: m?.uid ?? null,
    root: m?.root ?? (m?.uid !== undefined ? m.uid === 0 : null),
    osRelease,
    bootTime: time.bootTime,
    iptablesMode: m?.iptablesMode === "nf_tables" || m?.iptablesMode === "legacy" ? m.iptablesMode : null,
  };
}
