/**
 * Maps netstat rows to the model's Socket in ss's vocabulary, so rules read one shape:
 * tcp6/udp6 → tcp/udp, ESTABLISHED → ESTAB, SYN_SENT → SYN-SENT, a stateless udp socket →
 * UNCONN, and netstat's "198.18.0.1:80" / "::1:80" → "198.18.0.1:80" / "[::1]:80".
 *
 * A tcp6/udp6 wildcard (":::80") becomes ss's dual-stack "*:80": netstat cannot show
 * IPV6_V6ONLY, and with the kernel default (net.ipv6.bindv6only=0) such a socket takes IPv4
 * too. ss, where collected, is preferred and says which it is.
 */
import type { Socket } from "@/lib/model/types";
import type { NetstatRecord } from "@/lib/parsers/net/netstat";

const STATES: Record<string, string> = {
  ESTABLISHED: "ESTAB", SYN_SENT: "SYN-SENT", SYN_RECV: "SYN-RECV", FIN_WAIT1: "FIN-WAIT-1", FIN_WAIT2: "FIN-WAIT-2",
  TIME_WAIT: "TIME-WAIT", CLOSE: "UNCONN", CLOSE_WAIT: "CLOSE-WAIT", LAST_ACK: "LAST-ACK", LISTEN: "LISTEN", CLOSING: "CLOSING",
};

/** "::" + "80" → "[::]:80"; IPv4 stays "198.18.0.1:80". */
function ssEndpoint(addr: string, port: string, wildcardIsDual = false): string {
  if (wildcardIsDual && addr === "::") return `*:${port}`;
  return addr.includes(":") ? `[${addr}]:${port}` : `${addr}:${port}`;
}

export function netstatToSockets(records: NetstatRecord[], artifact: string): Socket[] {
  const out: Socket[] = [];
  for (const r of records) {
    const proto = r.proto.replace(/6$/, "");
    if (proto !== "tcp" && proto !== "udp" && proto !== "raw" && proto !== "udplite") continue;
    const peer = (() => {
      const i = r.foreign.lastIndexOf(":");
      return i < 0 ? r.foreign : ssEndpoint(r.foreign.slice(0, i), r.foreign.slice(i + 1));
    })();
    const s: Socket = {
      proto,
      state: STATES[r.state] ?? (r.state === "" || /^\d+$/.test(r.state) ? "UNCONN" : r.state),
      local: ssEndpoint(r.localAddr, r.localPort, r.proto.endsWith("6")),
      peer,
      processes: r.pid !== undefined ? [{ comm: r.program ?? "?", pid: r.pid }] : [],
      src: { artifact, lineStart: r.line, lineEnd: r.line },
    };
    if (/^\d+$/.test(r.localPort)) s.localPort = Number(r.localPort);
    out.push(s);
  }
  return out;
}
