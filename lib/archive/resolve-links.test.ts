// Links resolved by name inside the archive: sosreport's kinds of convenience links, chains,
// and the hostile ones (absolute, escaping, loops, dangling), never touching the filesystem.
import { describe, expect, it } from "vitest";
import { linkSummary, resolveLinks } from "./resolve-links";
import type { SkippedEntry } from "./types";

const T = "sosreport-vm-2026";
const sym = (path: string, linkTarget: string): SkippedEntry => ({ path: `${T}/${path}`, kind: "symlink", reason: "", linkTarget });
const members = ["sos_commands/process/ps_auxwww", "sos_commands/networking/ip_-o_addr", "usr/lib/os-release", "etc/sysctl.conf", "proc/15429/net/tcp", "sys/devices/virtual/net/eth0/mtu"].map((m) => `${T}/${m}`);

describe("resolveLinks", () => {
  it("resolves sos's links to the member or folder they name, through chains", () => {
    const r = resolveLinks(
      [
        sym("ps", "sos_commands/process/ps_auxwww"),
        sym("ip_addr", "sos_commands/networking/ip_-o_addr"),
        sym("lib", "usr/lib"),
        sym("etc/sysctl.d/99-sysctl.conf", "../sysctl.conf"),
        sym("proc/net", "self/net"),
        sym("proc/self", "15429"),
        sym("sys/class/net/eth0", "../../devices/virtual/net/eth0"),
      ],
      members,
    );
    expect(Object.fromEntries(r.resolved)).toEqual({
      [`${T}/ps`]: `${T}/sos_commands/process/ps_auxwww`,
      [`${T}/ip_addr`]: `${T}/sos_commands/networking/ip_-o_addr`,
      [`${T}/lib`]: `${T}/usr/lib`,
      [`${T}/etc/sysctl.d/99-sysctl.conf`]: `${T}/etc/sysctl.conf`,
      [`${T}/proc/net`]: `${T}/proc/15429/net`,
      [`${T}/proc/self`]: `${T}/proc/15429`,
      [`${T}/sys/class/net/eth0`]: `${T}/sys/devices/virtual/net/eth0`,
    });
    expect(r.skipped).toEqual([]);
    expect(linkSummary(r)).toBe("7 in-bundle links resolved, 0 skipped");
  });

  it("skips what leaves the archive, loops and names nothing, and says so in one line", () => {
    const r = resolveLinks(
      [
        sym("etc/mtab", "/proc/self/mounts"),
        sym("up", "../../../etc/shadow"),
        sym("a", "b"),
        sym("b", "a"),
        sym("gone", "sos_commands/process/ps_-ef"),
        { path: `${T}/hard`, kind: "hardlink", reason: "", linkTarget: `${T}/etc/sysctl.conf` },
      ],
      members,
    );
    expect([...r.resolved.keys()]).toEqual([`${T}/hard`]);
    expect(r.skipped.map((s) => [s.path.slice(T.length + 1), s.why])).toEqual([
      ["etc/mtab", "outside the archive"],
      ["up", "outside the archive"],
      ["a", "a loop of links"],
      ["b", "a loop of links"],
      ["gone", "names nothing in the archive"],
    ]);
    expect(linkSummary(r)).toBe(
      `1 in-bundle link resolved, 5 skipped: ${T}/etc/mtab -> /proc/self/mounts (outside the archive), ${T}/up -> ../../../etc/shadow (outside the archive), ${T}/a -> b (a loop of links), …`,
    );
    expect(linkSummary(resolveLinks([], members))).toBeNull();
  });

  it("stays linear on a long chain of links", () => {
    const n = 20_000;
    const links = Array.from({ length: n }, (_, i) => sym(`l/${i}`, i + 1 < n ? String(i + 1) : "../etc/sysctl.conf"));
    const r = resolveLinks(links, members);
    // the last 40 of the chain reach the file; the rest exceed the hop limit, as the kernel's would
    expect(r.resolved.size).toBe(41);
    expect(r.skipped.length).toBe(n - 41);
  });
});
