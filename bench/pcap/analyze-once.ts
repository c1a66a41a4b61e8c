// Runs analyzePcapFile once and prints the in-process time and the summary's headline figures.
// usage: npx tsx bench/pcap/analyze-once.ts FILE
import { analyzePcapFile } from "@/lib/pcap/analyze";

const file = process.argv[2];
if (!file) throw new Error("usage: analyze-once.ts FILE");
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const s = await analyzePcapFile(file);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
// CPU time (main thread plus the read threads) says more than wall time when the machine is busy.
const cpu = process.cpuUsage(c0);
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
const rssMiB = Math.round(process.memoryUsage().rss / 1048576);
console.log(JSON.stringify({ ms: Math.round(ms), cpuMs, packets: s.packets, totalFlows: s.totalFlows, droppedFlows: s.droppedFlows, anomalies: s.anomalyTotals, error: s.error, rssMiB }));
