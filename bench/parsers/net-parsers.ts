/**
 * Throughput of the heavier net parsers on scaled-up real fixtures (prints figures; not a test).
 * Run: npx tsx bench/parsers/net-parsers.ts
 * Scaling repeats a real file N times, so the shape of the lines stays real.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ArtifactParser } from "@/lib/parsers/types";
import { parser as conntrack } from "../../lib/parsers/net/conntrack";
import { parser as iptables } from "../../lib/parsers/net/iptables-save";
import { parser as ss } from "../../lib/parsers/net/ss";
import { parser as ipAddr } from "../../lib/parsers/net/ip-addr";
import { parser as nft } from "../../lib/parsers/net/nft-ruleset";

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../lib/parsers/fixtures");
const read = (f: string) => fs.readFileSync(path.join(FIX, f), "utf8");

function bench(label: string, p: ArtifactParser, text: string, times: number): void {
  const big = text.repeat(times);
  p.parse(text, { path: "warmup" });
  // Best of 3: the figure is the parser's cost, not the noise of a shared machine.
  let ms = Infinity;
  let res = p.parse("", { path: label });
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    res = p.parse(big, { path: label });
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const mb = Buffer.byteLength(big) / 1e6;
  console.log(`${label.padEnd(44)} ${mb.toFixed(1).padStart(6)} MB ${String(res.records.length).padStart(8)} records ${ms.toFixed(0).padStart(6)} ms ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s`);
}

bench("conntrack -L -o extended (hotsos x100)", conntrack, read("conntrack--hotsos-compute-full.out"), 100);
bench("iptables-save AKS kube-proxy (x100)", iptables, read("iptables-save--aks-kube-proxy.txt"), 100);
bench("ss -a (jc centos x200)", ss, read("ss--jc-centos-a.txt"), 200);
bench("ip -d addr (openstack ovs x200)", ipAddr, read("ip-addr--hotsos-openstack-ovs.txt"), 200);
bench("nft list table (moby x500)", nft, read("nft-ruleset--moby-docker-ip.txt"), 500);
