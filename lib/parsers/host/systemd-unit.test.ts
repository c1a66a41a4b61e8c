import { describe, expect, it } from "vitest";
import { parseFixture, runGoldenTests } from "@/test/support/golden";
import { parser, unitSettings } from "./systemd-unit";

runGoldenTests(parser, "systemd-unit");

describe("systemd-unit key facts", () => {
  it("applies drop-ins over the vendor file, including the ExecStart reset and MountFlags", () => {
    const r = parseFixture(parser, "systemd-unit--systemctl-cat-docker-mountflags-slave");
    const s = unitSettings(r.records);
    expect(s["Service.MountFlags"]).toMatchObject({ value: "slave", file: "/etc/systemd/system/docker.service.d/override.conf", dropIn: true, line: 57 });
    expect(s["Service.ExecStart"]).toMatchObject({ value: "/usr/bin/dockerd -H fd:// --iptables=false --bip=198.18.0.1/24", line: 59, lineEnd: 61 });
    expect(s["Service.LimitNOFILE"]?.value).toBe("1048576");
    expect(s["Service.KillMode"]).toMatchObject({ value: "process", dropIn: false });
    expect(r.unparsed).toEqual([]);
  });

  it("reads a plain unit file without header", () => {
    const r = parseFixture(parser, "systemd-unit--moby-docker-service");
    expect(r.records[0]).toMatchObject({ file: null, section: "Unit", key: "Description", line: 2 });
    expect(unitSettings(r.records)["Install.WantedBy"]?.value).toBe("multi-user.target");
  });

  it("handles CRLF, the changed-on-disk warning, junk and a continuation cut at the end", () => {
    const r = parseFixture(parser, "systemd-unit--edge-crlf-warning-truncated");
    expect(r.records.find((x) => x.key === "ExecStart" && x.line === 6)).toMatchObject({ value: "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml", lineEnd: 7 });
    expect(r.records.filter((x) => x.file === "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf")).toHaveLength(3);
    expect(r.unparsed.map((u) => u.line)).toEqual([8]);
    expect(r.warnings.map((w) => w.line)).toEqual([8, 11, 19]);
    expect(parseFixture(parser, "systemd-unit--edge-no-files").notData?.reason).toBe("no-such-file");
    expect(parseFixture(parser, "systemd-unit--edge-empty").notData?.reason).toBe("empty");
  });
});
