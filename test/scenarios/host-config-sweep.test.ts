// Scenario 4 (docs/SCENARIOS.md): host configuration that silently breaks container
// networking, reproduced in two test namespaces acting as nodes:
//  - "nofwd": a bridge with a pod, net.ipv4.ip_forward=0;
//  - "main": strict rp_filter with two default routes and a policy rule to another table,
//    FORWARD policy DROP that really dropped forwarded pod packets, a DROP rule that matched,
//    REJECTs on ports listeners use (one in INPUT, one in a user chain INPUT reaches by -j
//    then -g, one in a chain only OUTPUT reaches, which must not count), no MASQUERADE for
//    the bridge subnet, and an ip rule to an empty table; a routed client ("ext") outside the
//    node whose connections to the pod are refused by REJECTs in FORWARD (one by -d, one by
//    -o cni0 only), captured on the node's interface toward the client.
// tcp_tw_recycle does not exist on this kernel (removed in 4.12): see lib/rules/tcp-tw-recycle-nat.test.ts.
import { describe, expect, it } from "vitest";
import { Lab, type LabNetns } from "@/collector-script/test/lab";
import { attachPod, captureWhile, collectAndAnalyze, connectAttempts, makeNode, startListener, startPause, sysctlIn, tempDir, tryInNetns, type ScenarioRun, withLab } from "./lab-extra";
import { expectCites, expectEvidenceResolves, findingsOf, oneFinding, summarize, expectEntitiesNameTheirFacts } from "./evidence";

const isRoot = process.getuid?.() === 0;
const OCTET = 70 + (process.pid % 20);
const NET_A = `198.19.${OCTET}`;
const NET_B = `198.19.${OCTET + 30}`;
const UP = `198.18.${OCTET}`;
const POD_B = `${NET_B}.5`;
const PORT = 18080;
const CHAIN_PORT = 18081;
const OUTPUT_ONLY_PORT = 18082;
const FWD_PORT = 18083;
const OUT_PORT = 18084;
const ICMP_PORT = 18085;
const EXT = `${UP}.195`;

describe.skipIf(!isRoot)("scenario 4: host configuration sweep", () => {
  const lab = new Lab(`nbs-s4-${process.pid}`);
  let nofwd: LabNetns;
  let main: LabNetns;
  let pods: LabNetns[] = [];
  let listenerPid = 0;
  let chainListenerPid = 0;
  let podBHost = "";
  let podB: LabNetns;
  let podBPause = 0;
  let podListenerPid = 0;
  let podOutListenerPid = 0;
  let podIcmpListenerPid = 0;
  let capture = "";
  let run: ScenarioRun;
  let extMac = "";

  withLab(lab, async () => {
    const dir = tempDir(lab, "bin");
    // node A: forwarding off
    const a = makeNode(lab, "nofwd", `${NET_A}.1/24`, { uplink: `${UP}.66/26` });
    nofwd = a.ns;
    startPause(lab, nofwd, dir, "dockerd");
    sysctlIn(lab, nofwd, "net.ipv4.ip_forward", 0);
    const podA = lab.namedNetns("poda");
    attachPod(lab, a, podA, `${NET_A}.5`);
    startPause(lab, podA, dir);

    // node B: everything else
    const b = makeNode(lab, "main", `${NET_B}.1/24`, { uplink: `${UP}.2/26` });
    main = b.ns;
    startPause(lab, main, dir, "dockerd");
    sysctlIn(lab, main, "net.ipv4.ip_forward", 1);
    lab.inNetns(main, ["ip", "link", "add", "eth1", "type", "veth", "peer", "name", "eth1peer"]);
    lab.inNetns(main, ["ip", "addr", "add", `${UP}.130/26`, "dev", "eth1"]);
    lab.inNetns(main, ["ip", "link", "set", "eth1", "up"]);
    lab.inNetns(main, ["ip", "link", "set", "eth1peer", "up"]);
    lab.inNetns(main, ["ip", "route", "add", "default", "via", `${UP}.129`, "dev", "eth1", "metric", "200"]);
    lab.inNetns(main, ["ip", "route", "add", "default", "via", `${UP}.129`, "dev", "eth1", "table", "100"]);
    const ipt = (...args: string[]) => lab.inNetns(main, ["iptables-nft", ...args]);
    ipt("-P", "FORWARD", "DROP");
    ipt("-A", "INPUT", "-s", `${POD_B}/32`, "-p", "icmp", "-j", "DROP");
    ipt("-A", "INPUT", "-p", "tcp", "--dport", String(PORT), "-j", "REJECT", "--reject-with", "tcp-reset");
    // firewall in user chains as fail2ban/ufw/kube-proxy keep it: INPUT -j NBS-FW, NBS-FW -g NBS-FW-PORTS
    ipt("-N", "NBS-FW");
    ipt("-N", "NBS-FW-PORTS");
    ipt("-A", "INPUT", "-j", "NBS-FW");
    ipt("-A", "NBS-FW", "-p", "tcp", "-g", "NBS-FW-PORTS");
    ipt("-A", "NBS-FW-PORTS", "-p", "tcp", "--dport", String(CHAIN_PORT), "-j", "REJECT", "--reject-with", "tcp-reset");
    ipt("-N", "NBS-OUT");
    ipt("-A", "OUTPUT", "-j", "NBS-OUT");
    ipt("-A", "NBS-OUT", "-p", "tcp", "--dport", String(OUTPUT_ONLY_PORT), "-j", "REJECT", "--reject-with", "tcp-reset");
    // a REJECT for a pod's port in a user chain FORWARD jumps to (the pod listens there)
    ipt("-N", "NBS-FWD");
    ipt("-A", "FORWARD", "-j", "NBS-FWD");
    ipt("-A", "NBS-FWD", "-d", `${POD_B}/32`, "-p", "tcp", "--dport", String(FWD_PORT), "-j", "REJECT", "--reject-with", "tcp-reset");
    // and one that names only the way out (the bridge), as host firewalls write them
    ipt("-A", "NBS-FWD", "-o", b.bridge, "-p", "tcp", "--dport", String(OUT_PORT), "-j", "REJECT", "--reject-with", "tcp-reset");
    // and REJECT's default answer, an ICMP port unreachable from the node
    ipt("-A", "NBS-FWD", "-d", `${POD_B}/32`, "-p", "tcp", "--dport", String(ICMP_PORT), "-j", "REJECT");
    listenerPid = startListener(lab, main, PORT);
    chainListenerPid = startListener(lab, main, CHAIN_PORT);
    startListener(lab, main, OUTPUT_ONLY_PORT);
    podB = lab.namedNetns("podb");
    podBHost = attachPod(lab, b, podB, POD_B);
    podBPause = startPause(lab, podB, dir);
    podListenerPid = startListener(lab, podB, FWD_PORT);
    podOutListenerPid = startListener(lab, podB, OUT_PORT);
    podIcmpListenerPid = startListener(lab, podB, ICMP_PORT);
    pods = [podA, podB];

    // a routed client on its own subnet: its SYNs to the pod cross main's FORWARD, and the
    // REJECTs there answer with an RST main forges in the pod's name (from ext0's MAC)
    const ext = lab.namedNetns("ext");
    lab.inNetns(main, ["ip", "link", "add", "ext0", "type", "veth", "peer", "name", "eth0", "netns", ext.name!]);
    lab.inNetns(main, ["ip", "addr", "add", `${UP}.194/26`, "dev", "ext0"]);
    lab.inNetns(main, ["ip", "link", "set", "ext0", "up"]);
    lab.inNetns(ext, ["ip", "addr", "add", `${EXT}/26`, "dev", "eth0"]);
    lab.inNetns(ext, ["ip", "link", "set", "eth0", "up"]);
    lab.inNetns(ext, ["ip", "route", "add", "default", "via", `${UP}.194`]);
    extMac = (JSON.parse(lab.inNetns(main, ["ip", "-j", "link", "show", "ext0"])) as { address: string }[])[0]!.address;
    capture = await captureWhile(lab, main, "ext0", `tcp port ${FWD_PORT} or tcp port ${OUT_PORT} or tcp port ${ICMP_PORT} or icmp`, () => {
      connectAttempts(ext, POD_B, FWD_PORT, 3);
      connectAttempts(ext, POD_B, OUT_PORT, 2);
      connectAttempts(ext, POD_B, ICMP_PORT, 2);
    });

    // bounded traffic from the pod: forwarded (FORWARD policy drops it), to the node (DROP), to the port (REJECT)
    tryInNetns(podB, ["busybox", "ping", "-c", "3", "-w", "3", `${UP}.129`]);
    tryInNetns(podB, ["busybox", "ping", "-c", "2", "-w", "2", `${NET_B}.1`]);
    tryInNetns(podB, ["busybox", "nc", "-w", "1", `${NET_B}.1`, String(PORT)]);

    // only now the asymmetric part: with it, strict rp_filter itself drops the pod's packets
    // before they reach INPUT/FORWARD (the reverse lookup for the pod subnet says eth1)
    sysctlIn(lab, main, "net.ipv4.conf.all.rp_filter", 1);
    lab.inNetns(main, ["ip", "rule", "add", "from", `${NET_B}.0/24`, "lookup", "100", "priority", "1000"]);
    lab.inNetns(main, ["ip", "rule", "add", "fwmark", "0x9", "lookup", "200", "priority", "1001"]);

    run = await collectAndAnalyze(lab, { extra: [capture] });
  });

  it("ip-forward-disabled in the node with a bridge and forwarding off (not in its pod)", () => {
    const f = oneFinding(run.result.findings, "ip-forward-disabled", [nofwd.inode]);
    expect(f.severity).toBe("high");
    expect(f.entities.interfaces).toEqual(["cni0"]);
    expectCites(run.bundle, f, new RegExp(`netns/${nofwd.inode}/sysctl-net\\.txt$`), "net.ipv4.ip_forward = 0");
    expect(run.result.findings.filter((x) => x.ruleId === "ip-forward-disabled" && pods.some((p) => x.entities.netns?.includes(p.inode)))).toEqual([]);
  });

  it("rp-filter-strict-asymmetric with the sysctl, both default routes and the policy rule", () => {
    const f = oneFinding(run.result.findings, "rp-filter-strict-asymmetric", [main.inode]);
    expect(f.severity).toBe("high");
    // every fact it relies on: the strict keys with their values, the IPv4 addresses it checks,
    // the gateways of both default routes and the subnet the policy rule steers
    const ifaces = ["cni0", "eth0", "eth0peer", "eth1", "eth1peer", "ext0", podBHost];
    expect([...(f.entities.interfaces ?? [])].sort()).toEqual([...ifaces].sort());
    expect([...(f.entities.sysctls ?? [])].sort()).toEqual(["net.ipv4.conf.all.rp_filter=1", ...ifaces.map((i) => `net.ipv4.conf.${i}.rp_filter=0`)].sort());
    expect([...(f.entities.ips ?? [])].sort()).toEqual([`${NET_B}.1`, `${UP}.2`, `${UP}.130`, `${UP}.194`, `${UP}.1`, `${UP}.129`, `${NET_B}.0/24`].sort());
    expect(f.entities.netns).toEqual([main.inode]);
    // conf.all is shared by every interface: cited once (ip route/rule JSON is one line, so only sysctl lines are checked)
    const sysLines = f.evidence.filter((e) => e.artifact.endsWith("sysctl-net.txt")).map((e) => e.lineStart);
    expect(new Set(sysLines).size).toBe(sysLines.length);
    expect(f.explanation).toMatch(/2 default routes via eth0, eth1|2 default routes via eth1, eth0/);
    expect(f.explanation).toMatch(/ip rules send traffic to tables? 100/);
    expectEvidenceResolves(run.bundle, f);
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/sysctl-net\\.txt$`), "net.ipv4.conf.all.rp_filter = 1");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/ip-rule`), `${NET_B}.0`, "100");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/ip-route`), "eth1", `${UP}.129`);
  });

  it("forward-policy-drop with the policy counter of really dropped pod packets", () => {
    const f = oneFinding(run.result.findings, "forward-policy-drop", [main.inode]);
    // dropped > 0 and no ACCEPT covers cni0
    expect(f.severity).toBe("high");
    // br_netfilter may not be loaded on the test machine: then the sysctl does not exist and is not cited
    const nf = /^net\.bridge\.bridge-nf-call-iptables = (\d)$/m.exec(run.bundle.read(`netns/${main.inode}/sysctl-net.txt`))?.[1];
    expect(f.entities).toEqual({ netns: [main.inode], chains: ["FORWARD"], ...(nf ? { sysctls: [`net.bridge.bridge-nf-call-iptables=${nf}`] } : {}), interfaces: ["cni0"] });
    if (nf) expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/sysctl-net\\.txt$`), `net.bridge.bridge-nf-call-iptables = ${nf}`);
    const ev = expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), ":FORWARD DROP [");
    const text = run.bundle.read(`netns/${main.inode}/iptables-nft-save.txt`).split("\n")[ev.lineStart - 1] ?? "";
    const packets = Number(/\[(\d+):/.exec(text)?.[1]);
    expect(packets).toBeGreaterThanOrEqual(3);
    expect(f.title).toContain(`${packets} packets dropped`);
  });

  it("drop-rules-hit: one finding per rule, the DROP that matched the pod's pings naming the pod it stops", () => {
    const drops = findingsOf(run.result.findings, "drop-rules-hit", [main.inode]);
    const f = drops.find((x) => x.entities.ips?.includes(`${POD_B}/32`) && x.entities.chains?.[0] === "INPUT");
    expect(f, summarize(run.result.findings, [main.inode])).toBeDefined();
    if (!f) return;
    expect(f.severity).toBe("medium");
    expect(f.title).toMatch(new RegExp(`^DROP icmp from ${POD_B.replace(/\./g, "\\.")}/32 in INPUT matched \\d+ packets`));
    expect({ ...f.entities, pids: [...(f.entities.pids ?? [])].sort((a, b) => a - b) }).toEqual({
      ips: [`${POD_B}/32`],
      netns: [main.inode, podB.inode],
      // the processes of the pod whose traffic it stops
      pids: [podBPause, podListenerPid, podOutListenerPid, podIcmpListenerPid].sort((a, b) => a - b),
      chains: ["INPUT"],
    });
    expect(f.explanation).toContain(`${POD_B} on eth0 in netns`);
    // the REJECT that refused the pod's connection to the listening port is a finding of its own
    const reject = drops.find((x) => x.entities.ports?.includes(PORT));
    expect(reject?.entities).toEqual({ ports: [PORT], netns: [main.inode], chains: ["INPUT"] });
    const ev = expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), `-s ${POD_B}/32`, "-j DROP");
    const line = run.bundle.read(`netns/${main.inode}/iptables-nft-save.txt`).split("\n")[ev.lineStart - 1] ?? "";
    expect(Number(/^\[(\d+):/.exec(line)?.[1])).toBeGreaterThanOrEqual(2);
  });

  const rejectFor = (port: number) => {
    const hits = findingsOf(run.result.findings, "reject-listening-port", [main.inode]).filter((f) => f.title.includes(`TCP port ${port} `));
    expect(hits, `reject-listening-port for ${port}; got ${summarize(run.result.findings, [main.inode])}`).toHaveLength(1);
    return hits[0]!;
  };

  const forwardedReject = (port: number) => {
    const hits = findingsOf(run.result.findings, "reject-listening-port", [podB.inode]).filter((f) => f.entities.ports?.includes(port));
    expect(hits.map((f) => f.title), summarize(run.result.findings, [main.inode, podB.inode])).toHaveLength(1);
    return hits[0]!;
  };

  it("reject-listening-port finds a REJECT in a user chain FORWARD reaches, against the pod that listens on the port", () => {
    expect(findingsOf(run.result.findings, "reject-listening-port", [podB.inode]).map((f) => f.entities.ports?.[0]).sort()).toEqual([FWD_PORT, OUT_PORT, ICMP_PORT]);
    const f = forwardedReject(FWD_PORT);
    expect(f.severity).toBe("high");
    expect(f.entities).toEqual({ ips: [`${POD_B}/32`, POD_B], ports: [FWD_PORT], netns: [main.inode, podB.inode], pids: [podListenerPid], chains: ["FORWARD", "NBS-FWD"] });
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), `-d ${POD_B}/32`, `--dport ${FWD_PORT}`, "-j REJECT");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), "-A FORWARD -j NBS-FWD");
  });

  it("reject-listening-port finds a FORWARD REJECT that names only the way out (-o cni0), against the pod behind the bridge", () => {
    const f = forwardedReject(OUT_PORT);
    expect(f.severity).toBe("high");
    expect(f.entities).toEqual({ ips: [POD_B], ports: [OUT_PORT], netns: [main.inode, podB.inode], pids: [podOutListenerPid], chains: ["FORWARD", "NBS-FWD"], interfaces: ["cni0"] });
    expect(f.explanation).toContain("leaves it by cni0");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), "-o cni0", `--dport ${OUT_PORT}`, "-j REJECT");
    expectCites(run.bundle, f, new RegExp(`netns/${podB.inode}/ss-tcp\\.txt$`), "LISTEN", `:${OUT_PORT}`);
  });

  it("the capture's refused connections are tied to the REJECT that forged the RSTs, in the namespace owning the answering MAC", () => {
    for (const [port, attempts] of [[FWD_PORT, 3], [OUT_PORT, 2]] as const) {
      const hits = findingsOf(run.result.findings, "capture-refused-connections", [main.inode]).filter((x) => x.entities.ports?.includes(port));
      expect(hits, summarize(run.result.findings, [main.inode])).toHaveLength(1);
      const f = hits[0]!;
      expect(f.severity).toBe("high");
      expect(f.title).toBe(`${attempts} of ${attempts} connections to ${POD_B}:${port} refused (RST) in the capture`);
      expect(f.entities).toEqual({ ips: [POD_B, EXT], ports: [port], services: [`${POD_B}:${port}`], macs: [extMac], netns: [main.inode], interfaces: ["ext0"], chains: ["FORWARD", "NBS-FWD"] });
      // the REJECT on the listening port is the cause; the rule's counters are a cause too
      const reject = forwardedReject(port);
      expect(f.causedBy?.[0]).toBe(reject.id);
      expect(f.causedBy?.some((id) => id.startsWith(`drop-rules-hit:${main.inode}:`))).toBe(true);
      expect(reject.causes).toContain(f.id);
      expect(f.explanation).toContain(`forwarding to ${POD_B}, answers with its NBS-FWD rule`);
      expect(f.explanation).toContain(`${extMac} (ext0 in`);
      expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), `--dport ${port}`, "-j REJECT");
      expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/ip-(link|addr)`), extMac);
    }
  });

  it("SYNs answered by REJECT's default ICMP port unreachable are a finding of their own, tied to that rule", () => {
    const hits = findingsOf(run.result.findings, "capture-icmp-rejected", [main.inode]);
    expect(hits.map((f) => f.id), summarize(run.result.findings, [main.inode])).toEqual([`capture-icmp-rejected:${POD_B}:${ICMP_PORT}`]);
    const f = hits[0]!;
    expect(f.severity).toBe("high");
    expect(f.title).toBe(`2 of 2 connections to ${POD_B}:${ICMP_PORT} rejected with ICMP port unreachable (3/3) in the capture`);
    // the ICMP comes from the node's address on the client's side, by ext0's MAC
    expect(f.entities).toEqual({ ips: [POD_B, `${UP}.194`, EXT], ports: [ICMP_PORT], services: [`${POD_B}:${ICMP_PORT}`], macs: [extMac], netns: [main.inode], interfaces: ["ext0"], chains: ["FORWARD", "NBS-FWD"] });
    expect(f.causedBy?.[0]).toBe(forwardedReject(ICMP_PORT).id);
    expect(f.explanation).toContain("answers with its NBS-FWD rule");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), `--dport ${ICMP_PORT}`, "-j REJECT");
  });

  it("reject-listening-port names the REJECT rule in INPUT and the listener", () => {
    const f = rejectFor(PORT);
    expect(f.severity).toBe("high");
    expect(f.entities.pids).toContain(listenerPid);
    expect(f.entities.chains).toEqual(["INPUT"]);
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`), `--dport ${PORT}`, "-j REJECT");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/ss-tcp\\.txt$`), "LISTEN", `:${PORT}`);
  });

  it("reject-listening-port follows INPUT -> NBS-FW -> NBS-FW-PORTS and cites both jumps, not the OUTPUT-only chain", () => {
    const f = rejectFor(CHAIN_PORT);
    expect(f.severity).toBe("high");
    expect(f.entities.pids).toContain(chainListenerPid);
    expect(f.entities.chains).toEqual(["INPUT", "NBS-FW", "NBS-FW-PORTS"]);
    expect(f.explanation).toContain("reached INPUT -> NBS-FW -> NBS-FW-PORTS");
    expectEvidenceResolves(run.bundle, f);
    const ipt = new RegExp(`netns/${main.inode}/iptables-nft-save\\.txt$`);
    expectCites(run.bundle, f, ipt, "-A NBS-FW-PORTS", `--dport ${CHAIN_PORT}`, "-j REJECT");
    expectCites(run.bundle, f, ipt, "-A INPUT", "-j NBS-FW");
    expectCites(run.bundle, f, ipt, "-A NBS-FW", "-g NBS-FW-PORTS");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/ss-tcp\\.txt$`), "LISTEN", `:${CHAIN_PORT}`);
    expect(findingsOf(run.result.findings, "reject-listening-port").filter((x) => x.title.includes(`TCP port ${OUTPUT_ONLY_PORT} `))).toEqual([]);
  });

  it("pod-egress-without-masquerade for the bridge subnet", () => {
    const f = oneFinding(run.result.findings, "pod-egress-without-masquerade", [main.inode]);
    expect(f.severity).toBe("medium");
    expect(f.entities.ips).toEqual([`${NET_B}.0/24`]);
    expect(f.entities.interfaces).toEqual(["cni0"]);
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/ip-addr`), `${NET_B}.1`);
  });

  it("rule-table-without-route for the rule to the empty table 200 only", () => {
    const f = oneFinding(run.result.findings, "rule-table-without-route", [main.inode]);
    expect(f.severity).toBe("medium");
    expect(f.title).toContain("table 200");
    expectCites(run.bundle, f, new RegExp(`netns/${main.inode}/ip-rule`), "0x9", "200");
  });

  it("nothing high about the pods themselves (only the node's rules that reach them)", () => {
    // A finding about a node's rule names the pod it hits after the node's netns; one about the pod names the pod first.
    const podFindings = run.result.findings.filter(
      (f) => (f.severity === "high" || f.severity === "critical") && pods.some((p) => f.entities.netns?.includes(p.inode)) && f.entities.netns?.[0] !== main.inode,
    );
    expect(podFindings, summarize(podFindings)).toEqual([]);
    console.info(
      `scenario 4: collector ${run.collectorMs} ms, analyzeBundle ${run.analyzeMs} ms; nofwd: ${summarize(run.result.findings, [nofwd.inode])}; main: ${summarize(run.result.findings, [main.inode])}`,
    );
  });

  it("names in every finding's entities what its text relies on", () => {
    expectEntitiesNameTheirFacts(run.result.findings, [nofwd.inode, main.inode, ...pods.map((p) => p.inode)]);
  });
});
