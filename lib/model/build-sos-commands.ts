/**
 * sos's "not collected / failed" facts, in the shape our manifest's give them: commands its
 * manifest lists with a non-zero return code (127: not installed), and those its log says it
 * skipped (a predicate such as missing kernel modules: sos then runs neither ss nor nft) or
 * that timed out. Missing tools (rc 127) are also named once in missingTools.
 */
import type { SosLogRecord } from "@/lib/parsers/host/sos-log";
import type { SosManifestRecord } from "@/lib/parsers/host/sos-manifest";
import type { CommandInfo } from "@/lib/model/types";
import { byKind, type ParsedBundle } from "@/lib/stream/parsed-bundle";

const NOT_FOUND = 127;

export function sosFailedCommands(pb: ParsedBundle): { failed: CommandInfo[]; missingTools: string[] } {
  const failed: CommandInfo[] = [];
  const missing = new Set<string>();
  for (const r of byKind<SosManifestRecord>(pb, "sos-manifest").flatMap((a) => a.records)) {
    if (r.type !== "command" || r.returnCode === null || r.returnCode === 0) continue;
    const argv = r.exec.split(/\s+/).filter(Boolean);
    const notFound = r.returnCode === NOT_FOUND;
    if (notFound && argv[0]) missing.add(argv[0]);
    failed.push({ argv, exitCode: r.returnCode, durationMs: r.durationMs, timedOut: false, truncated: false, notFound, stderr: notFound ? "not installed on the node (sos: return code 127)" : "" });
  }
  for (const r of byKind<SosLogRecord>(pb, "sos-log").flatMap((a) => a.records)) {
    if (r.type === "start" || r.type === "end") continue;
    const argv = r.command.split(/\s+/).filter(Boolean);
    const timedOut = r.type === "timeout";
    failed.push({ argv, exitCode: null, durationMs: null, timedOut, truncated: false, notFound: false, stderr: timedOut ? `sos: ${r.reason}` : `not run by sos (${r.plugin} plugin): ${r.reason}` });
  }
  return { failed, missingTools: [...missing].sort() };
}
