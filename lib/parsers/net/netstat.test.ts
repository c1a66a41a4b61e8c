import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./netstat";

runGoldenTests(parser, "netstat");

describe("netstat", () => {
  it("reads sos's netstat -W -neopa: listeners, connections and stateless udp with PID and program", () => {
    const r = parseFixture(parser, "netstat--debian12-sos4-W-neopa");
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.proto, x.local, x.state, x.pid, x.program])).toEqual([
      ["tcp", "198.18.79.1:42426", "ESTABLISHED", 13885, "python3"],
      ["tcp6", ":::18080", "LISTEN", 13883, "busybox"],
      ["tcp6", ":::18443", "LISTEN", 13885, "python3"],
      ["tcp6", "198.18.79.1:18080", "ESTABLISHED", 13927, "cat"],
      ["udp", "198.18.79.1:18053", "", 13885, "python3"],
    ]);
    expect(r.records[1]).toMatchObject({ localAddr: "::", localPort: "18080", user: "0", inode: 1238125, timer: "off (0.00/0/0)" });
  });
  it("keeps program names with blanks, name-resolved ports and raw sockets' numeric state", () => {
    const r = parseFixture(parser, "netstat--jc-ubuntu-aeep");
    expect(r.records.find((x) => x.pid === 2322)?.program).toBe("sshd: kbrazil");
    expect(r.records.find((x) => x.proto === "raw6")).toMatchObject({ state: "7", user: "systemd-network", inode: 27015 });
    expect(r.records.find((x) => x.proto === "udp" && x.pid === 893)).toMatchObject({ state: "", local: "localhost:domain" });
    // the UNIX section is not read
    expect(r.records.every((x) => !x.proto.startsWith("unix"))).toBe(true);
  });
  it("skips garbage and a cut last row, tolerates CRLF, says a missing tool", () => {
    const r = parseFixture(parser, "netstat--edge-crlf-garbage-cut");
    expect(r.records.map((x) => [x.proto, x.state, x.program ?? null])).toEqual([
      ["tcp", "LISTEN", "init system"],
      ["udp6", "", null],
      ["tcp", "TIME_WAIT", null],
    ]);
    expect(r.unparsed.map((u) => u.line)).toEqual([4, 7]);
    expect(parseFixture(parser, "netstat--edge-not-found").notData?.reason).toBe("command-not-found");
  });
});
