import { describe, expect, it } from "vitest";
import { parseFixture } from "@/test/support/golden";
import { parser } from "@/lib/parsers/net/netstat";
import { netstatToSockets } from "./netstat";

describe("netstat rows as sockets", () => {
  it("speaks ss's vocabulary: protocols, states, bracketed IPv6, dual-stack wildcard", () => {
    const socks = netstatToSockets(parseFixture(parser, "netstat--debian12-sos4-W-neopa").records, "a");
    expect(socks.map((s) => [s.proto, s.state, s.local, s.peer, s.localPort, s.processes[0]?.pid])).toEqual([
      ["tcp", "ESTAB", "198.18.79.1:42426", "198.18.79.1:18080", 42426, 13885],
      ["tcp", "LISTEN", "*:18080", "[::]:*", 18080, 13883],
      ["tcp", "LISTEN", "*:18443", "[::]:*", 18443, 13885],
      ["tcp", "ESTAB", "198.18.79.1:18080", "198.18.79.1:42426", 18080, 13927],
      ["udp", "UNCONN", "198.18.79.1:18053", "0.0.0.0:*", 18053, 13885],
    ]);
    expect(socks[0]?.src).toEqual({ artifact: "a", lineStart: 3, lineEnd: 3 });
  });
  it("keeps raw sockets, drops nothing it cannot name, leaves name-resolved ports without a number", () => {
    const socks = netstatToSockets(parseFixture(parser, "netstat--jc-ubuntu-aeep").records, "b");
    expect(socks.find((s) => s.proto === "raw")?.state).toBe("UNCONN");
    expect(socks.find((s) => s.local === "0.0.0.0:ssh")?.localPort).toBeUndefined();
    expect(socks).toHaveLength(9);
  });
});
