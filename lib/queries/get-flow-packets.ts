import "server-only";
import { openArchive } from "@/lib/archive";
import { readFlowPackets, type FlowKey, type FlowPacketList } from "@/lib/pcap/flow-packets";
import { blobStore } from "@/lib/storage";

/** Packets listed for one flow; the page says when there are more. */
export const FLOW_PACKETS_MAX = 500;

/** The archive path names the artifact: the artifact itself, or it under one top folder. */
function namesArtifact(entryPath: string, artifact: string): boolean {
  if (entryPath === artifact) return true;
  const cut = entryPath.length - artifact.length - 1;
  return cut > 0 && entryPath.endsWith(`/${artifact}`) && entryPath.indexOf("/") === cut;
}

/**
 * One flow's packets, read from the capture inside the bundle's stored original. Captures
 * are not stored apart (binary bodies are not kept for the viewer), so this streams the
 * archive to the capture's member (other members are skipped, compressed ones still
 * inflated) and reads that member only up to a little past the flow's last packet
 * (readFlowPackets); the archive's own limits apply. The flow comes from the stored model,
 * never from the request.
 */
export async function getFlowPackets({ bundleId, artifact, flow }: { bundleId: string; artifact: string; flow: FlowKey }): Promise<FlowPacketList | { error: string }> {
  const original = await blobStore.findOriginal(bundleId);
  if (!original) return { error: "the bundle's original archive is not stored" };
  const archive = await openArchive(original);
  try {
    for await (const ev of archive.events) {
      if (ev.type === "error") return { error: `archive: ${ev.error.message}` };
      if (ev.type !== "entry" || ev.entry.type !== "file" || !namesArtifact(ev.entry.path, artifact)) continue;
      return await readFlowPackets(ev.body.chunks(), flow, { max: FLOW_PACKETS_MAX });
    }
    return { error: `${artifact} is not in the stored archive` };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  } finally {
    await archive.events.return(undefined);
  }
}
