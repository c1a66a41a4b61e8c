import { describe, expect, it, vi } from "vitest";
import path from "node:path";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { runPcapCommand } from "./pcap-command";

const FIX = path.join(__dirname, "../../lib/pcap/fixtures");

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await runPcapCommand(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("netbundle pcap", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nbp-cli-"));

  it("prints a text summary with outcomes and anomalies", async () => {
    const r = await run([path.join(FIX, "tcpdump-openflow-loopback-refused-rst.pcapng")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("174 packets");
    expect(r.stdout).toContain("21 flows: 19 midstream, 1 refused, 1 reset");
    expect(r.stdout).toMatch(/SYN 127\.0\.0\.1:56439 -> 127\.0\.0\.1:6633 answered by RST,ACK after \d+ µs/);
  });

  it("prints the PcapSummary as JSON", async () => {
    const r = await run(["--format", "json", path.join(FIX, "tcpdump-dns-over-tcp-syn-to-fin.pcap")]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ format: "pcap", packets: 11, totalFlows: 1, error: null });
    expect(s.flows[0].outcome).toBe("closed");
  });

  it("exits 2 with one line on stderr for a file that is not a capture", async () => {
    const r = await run([path.join(FIX, "PROVENANCE.md"), "--format=json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("not a capture");
  });

  it("exits 2 on usage errors and missing files", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(["--format", "xml", path.join(FIX, "tcpdump-dns-over-tcp-syn-to-fin.pcap")])).code).toBe(2);
    expect((await run([path.join(dir, "nope.pcap")])).stderr).toContain("ENOENT");
  });

  it("exits 0 for a truncated capture, prints what it read and warns on stderr", async () => {
    const f = path.join(dir, "cut.pcap");
    const full = readFileSync(path.join(FIX, "tcpdump-dns-over-tcp-syn-to-fin.pcap"));
    writeFileSync(f, full.subarray(0, full.length - 10));
    const r = await run(["--format", "json", f]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).packets).toBe(10);
    expect(r.stderr).toMatch(/truncated/);
    rmSync(dir, { recursive: true, force: true });
  });
});
