import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser } from "./ps";
import { elapsedToSeconds, lstartToLocalIso } from "./ps-columns";

runGoldenTests(parser, "ps");

describe("ps key facts", () => {
  it("reads the collector's -eo form: lstart, comm with blanks and 15-char cut", () => {
    const r = parseFixture(parser, "ps--debian12-collector-eo");
    expect(r.unparsed).toEqual([]);
    const byPid = new Map(r.records.map((x) => [x.pid, x]));
    expect(byPid.get(2)).toMatchObject({ form: "collector", ppid: 1, uid: 0, comm: "(sd-pam)", stat: "S", start: { raw: "Mon Nov 23 13:08:06 2026", local: "2026-11-23T13:08:06" }, elapsedSeconds: 0, line: 3 });
    expect(byPid.get(2)?.args).toBe('sh -c printf "(sd-pam)" > /proc/self/comm; sleep 20');
    expect(byPid.get(3)?.comm).toBe("Web Content");
    expect(byPid.get(4)?.comm).toBe("kworker/0:1-eve");
    expect(byPid.get(7)).toMatchObject({ ppid: 3, comm: "sleep", args: "sleep 20" });
  });

  it("keeps comm and args apart when an overflowing column shifted the row", () => {
    const header = "    PID    PPID    PGID     SID   UID                  STARTED ELAPSED STAT COMMAND         COMMAND";
    const row = "    777       1     777     777     0 Mon Nov 23 13:08:06 2026 99999999 Ssl  sh             sh -c x";
    const r = parser.parse(`${header}\n${row}\n`, { path: "inline" });
    expect(r.records[0]).toMatchObject({ pid: 777, elapsedSeconds: 99999999, comm: "sh", args: "sh -c x" });
  });

  it("folds auxwwwm thread rows into their process", () => {
    const r = parseFixture(parser, "ps--rhel8-auxwwwm-threads");
    const smartd = r.records.find((x) => x.pid === 1503);
    expect(smartd).toMatchObject({ form: "aux", user: "root", stat: "Ss", threads: 1, comm: "smartd", commFromArgs: true });
    expect(r.records.every((x) => x.stat !== "-")).toBe(true);
    expect(r.unparsed).toEqual([]);
  });

  it("reads -ef (UID holds names), alx (numeric UID, PPID) and axo with a cgroup tail", () => {
    const ef = parseFixture(parser, "ps--rhel7-openshift-ef").records;
    expect(ef[0]).toMatchObject({ form: "ef", pid: 1, ppid: 0, user: "root", start: { raw: "03:53" } });
    const alx = parseFixture(parser, "ps--rhel7-alxwww").records;
    expect(alx[2]).toMatchObject({ form: "alx", uid: 0, pid: 3, ppid: 2, comm: "ksoftirqd/0", stat: "S" });
    const axo = parseFixture(parser, "ps--ubuntu20-k8s-axo-cgroup").records;
    expect(axo[0]).toMatchObject({ pid: 1, ppid: 0, user: "root", group: "root", comm: "systemd", lwp: 1, nlwp: 1 });
    expect(axo[0]?.cgroup).toMatch(/^8:pids:\/init\.scope,/);
    expect(axo[1]?.cgroup).toBeUndefined();
  });

  it("keeps a procps warning before the header as a warning", () => {
    const r = parseFixture(parser, "ps--rhel7-auxww-warning-line");
    expect(r.warnings[0]).toMatchObject({ line: 1 });
    expect(r.records[0]).toMatchObject({ pid: 1, line: 3 });
  });

  it("survives CRLF, a 40 kB command line, a zombie and a truncated last row", () => {
    const r = parseFixture(parser, "ps--edge-crlf-huge-truncated");
    expect(r.records.map((x) => [x.pid, x.comm, x.stat])).toEqual([
      [1, "systemd", "Ss"],
      [4194304, "containerd-shim", "Sl"],
      [4242, "pause", "Z"],
    ]);
    expect(r.records[1]?.args?.length).toBeGreaterThan(40000);
    expect(r.records[1]?.start?.local).toBe("2026-11-02T08:15:00");
    expect(r.unparsed.map((u) => u.line)).toEqual([5]);
  });

  it("reports not-data outputs and converts time formats", () => {
    expect(parseFixture(parser, "ps--edge-empty").notData?.reason).toBe("empty");
    expect(parseFixture(parser, "ps--edge-command-not-found").notData?.reason).toBe("command-not-found");
    expect(elapsedToSeconds("1-02:03:04")).toBe(93784);
    expect(lstartToLocalIso("Mon Nov  2 08:15:00 2026")).toBe("2026-11-02T08:15:00");
    expect(lstartToLocalIso("Mon Foo 2 08:15:00 2026")).toBeUndefined();
  });
});
