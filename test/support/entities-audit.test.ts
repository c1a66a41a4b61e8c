// The entities audit the scenario tests run: it must catch a fact the text relies on that the
// entities leave out, and leave alone the context it documents as such.
import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/rules/finding";
import { entitiesMissingFromText } from "@/test/support/entities-audit";

const finding = (explanation: string, entities: Finding["entities"]): Finding => ({
  id: "x", ruleId: "x", severity: "high", title: "t", explanation, remediation: "", references: [], entities, evidence: [],
});

describe("entitiesMissingFromText", () => {
  it("reports addresses, MACs, namespaces, PIDs, sysctl values and netns paths the entities lack", () => {
    const f = finding(
      "198.18.0.5 in netns 4026532100 (MAC 02:00:00:00:00:05), pause(4242) and PID 17; net.ipv4.ip_forward = 0; name /run/netns/leak",
      {},
    );
    expect(entitiesMissingFromText(f).sort()).toEqual(
      ["ip 198.18.0.5", "mac 02:00:00:00:00:05", "namespace 4026532100", "path /run/netns/leak", "pid 17", "pid 4242", "sysctl net.ipv4.ip_forward=0"].sort(),
    );
  });

  it("accepts what the entities name, an address inside a named CIDR, and leaves context alone", () => {
    const f = finding(
      "198.18.0.5/24 on eth0 and 198.18.1.7 (in 198.18.1.0/24); listens on 0.0.0.0:80 and 127.0.0.1:53; parent is PID 1; ancestry pause(4242) ← containerd(900) ← systemd(1); mount ns 4026531832",
      { ips: ["198.18.0.5", "198.18.1.0/24"], pids: [4242], mntns: [4026531832] },
    );
    expect(entitiesMissingFromText(f)).toEqual([]);
  });
});
