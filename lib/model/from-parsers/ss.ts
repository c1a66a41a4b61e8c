/**
 * Maps ss records to the model's Socket. The protocol comes from the Netid column; when ss
 * was asked for one protocol (-t or -u) the column is absent and the caller, who knows the
 * command line from the manifest, passes `defaultProto`.
 */
import type { Socket } from "@/lib/model/types";
import type { SsRecord } from "@/lib/parsers/net/ss";

const protoOf = (netid: string | null, fallback: string): string => (netid === null ? fallback : netid.startsWith("u_") ? "unix" : netid);

export function toModelSockets(records: SsRecord[], artifact: string, defaultProto = "unknown"): Socket[] {
  return records.map((r) => {
    const s: Socket = {
      proto: protoOf(r.netid, defaultProto),
      state: r.state,
      local: r.local,
      peer: r.peer,
      processes: r.processes.map((p) => ({ ...p })),
      src: { artifact, lineStart: r.lineStart, lineEnd: r.lineEnd },
    };
    if (/^\d+$/.test(r.localPort) && !r.netid?.startsWith("u_")) s.localPort = Number(r.localPort);
    return s;
  });
}
