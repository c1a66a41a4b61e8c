import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./ss";
import { toModelSockets } from "@/lib/model/from-parsers/ss";

runGoldenTests(parser, "ss");

const ctx = { path: "netns/1/ss-tcp.txt" };

describe("ss: key facts", () => {
  it("-tanpie without Netid: users, ino, -i info lines attributed to their socket", () => {
    const res = parseFixture(parser, "ss--nbp-gen-tanpie");
    expect(res.records).toHaveLength(4);
    expect(res.unparsed).toEqual([]);
    const [listen, estab] = res.records;
    expect(listen).toMatchObject({ netid: null, state: "LISTEN", recvQ: 0, sendQ: 511, localAddr: "198.18.0.1", localPort: "8080", peer: "0.0.0.0:*", processes: [{ comm: "node", pid: 9941, fd: 19 }], inode: 15678, info: "bbr cwnd:10", lineStart: 2, lineEnd: 3 });
    expect(estab).toMatchObject({ state: "ESTAB", localPort: "39970", peer: "198.18.0.1:8080", lineStart: 4, lineEnd: 5 });
    expect(estab?.info).toMatch(/^ts sack bbr wscale:10,10 rto:204/);
    const model = toModelSockets(res.records, "netns/1/ss-tcp.txt", "tcp");
    expect(model[3]).toMatchObject({ proto: "tcp", state: "LISTEN", local: "*:8443", localPort: 8443, src: { lineStart: 8, lineEnd: 9 } });
  });

  it("several processes on one socket, IPv6 forms and %iface", () => {
    const res = parseFixture(parser, "ss--rhel-tupna-users");
    const rpc = res.records.find((r) => r.local === "*:111" && r.netid === "tcp");
    expect(rpc?.processes).toEqual([{ comm: "rpcbind", pid: 1139, fd: 5 }, { comm: "systemd", pid: 1, fd: 41 }]);
    expect(res.records.find((r) => r.local === ":::37968")).toMatchObject({ localAddr: "::", localPort: "37968", peerPort: "12345" });
    const tulpen = parseFixture(parser, "ss--jc-ubuntu-tulpen").records;
    expect(tulpen.find((r) => r.local === "127.0.0.53%lo:53")).toMatchObject({ localAddr: "127.0.0.53%lo", uid: 101, processes: [{ comm: "systemd-resolve", pid: 1117, fd: 12 }] });
  });

  it("ss -a: unix sockets take two words per end, named ports, netlink", () => {
    const res = parseFixture(parser, "ss--jc-centos-a");
    expect(res.unparsed).toEqual([]);
    expect(res.records).toHaveLength(203);
    expect(res.records.find((r) => r.local === "/var/run/docker.sock 22040")).toMatchObject({ netid: "u_str", state: "LISTEN", localAddr: "/var/run/docker.sock", localPort: "22040", peer: "* 0" });
    const ssh = res.records.find((r) => r.netid === "tcp" && r.local === "*:ssh");
    expect(ssh?.localPort).toBe("ssh");
    const model = toModelSockets(res.records, "a");
    expect(model.find((s) => s.local === "/var/run/docker.sock 22040")).toMatchObject({ proto: "unix" });
    expect(model.find((s) => s.local === "*:ssh")?.localPort).toBeUndefined();
  });
});

describe("ss: edge cases", () => {
  it("empty, not found, header only, CRLF, truncated line, quoted names with blanks", () => {
    expect(parser.parse("", ctx).notData?.reason).toBe("empty");
    expect(parser.parse("/bin/sh: 1: ss: not found\n", ctx).notData?.reason).toBe("command-not-found");
    expect(parser.parse("State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n", ctx).records).toEqual([]);
    const res = parser.parse('Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port\r\ntcp ESTAB 0 0 [2001:db8::1]:443 [2001:db8::2]:5000 users:(("Web Content",pid=7,fd=3))\r\ntcp ESTAB 0\r\n', ctx);
    expect(res.records[0]).toMatchObject({ localAddr: "[2001:db8::1]", localPort: "443", processes: [{ comm: "Web Content", pid: 7, fd: 3 }] });
    expect(res.unparsed).toEqual([{ line: 3, text: "tcp ESTAB 0" }]);
    const merged = parser.parse("State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nFailed to find cgroup2 mount\nLISTEN 0 511 198.18.0.1:8080 0.0.0.0:*\n", ctx);
    expect(merged.records).toHaveLength(1);
    expect(merged.warnings).toEqual([{ line: 2, message: "ss message: Failed to find cgroup2 mount" }]);
  });
});

describe("ss -peaonmi as sos keeps it", () => {
  it("reads the sockets with their -m/-i lines, and ss's own messages as warnings", () => {
    const r = parseFixture(parser, "ss--debian12-sos-peaonmi");
    expect(r.records.filter((x) => x.netid === "tcp" || x.netid === "udp").map((x) => [x.netid, x.state, x.local, x.processes[0]?.comm])).toEqual([
      ["udp", "UNCONN", "198.18.82.1:18053", "python3"],
      ["tcp", "ESTAB", "198.18.82.1:49826", "python3"],
      ["tcp", "LISTEN", "[::]:18443", "python3"],
      ["tcp", "LISTEN", "*:18080", "busybox"],
      ["tcp", "ESTAB", "[::ffff:198.18.82.1]:18080", "cat"],
    ]);
    expect(r.records.find((x) => x.local === "*:18080")?.info).toMatch(/^skmem:\(/);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.unparsed.map((u) => u.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
