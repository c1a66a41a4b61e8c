/**
 * Throughput and memory of the streaming log parsers (prints figures; not a test).
 *   npx tsx bench/parsers/log-sinks.ts [lines=1000000]
 * 10 000 distinct lines are generated first and cycled (so generation is not timed), then
 * pushed one by one to sinks with onRecord, as ingest does. CPU time is reported too because
 * wall time on a shared 2-core machine depends on what else runs.
 */
import { createDmesgSink } from "@/lib/parsers/logs/dmesg";
import { createJournalSink } from "@/lib/parsers/logs/journal";
import { createJournalJsonSink } from "@/lib/parsers/logs/journal-json";
import { createLogSink } from "@/lib/parsers/logs/log";
import type { RecordSink } from "@/lib/parsers/logs/sink-base";

const N = Number(process.argv[2] ?? 1_000_000);
const time = { referenceEpochMs: Date.UTC(2026, 10, 23, 13), utcOffsetSeconds: 3600, bootEpochMs: Date.UTC(2026, 10, 20) };
const pad = (n: number, w = 6) => String(n).padStart(w, "0");

const CASES: { name: string; make: (onRecord: () => void) => RecordSink<unknown>; line: (i: number) => string }[] = [
  { name: "journal short-iso-precise", make: (onRecord) => createJournalSink({ path: "b", time, onRecord }), line: (i) => `2026-11-23T12:${pad(Math.floor(i / 60000) % 60, 2)}:${pad(Math.floor(i / 1000) % 60, 2)}.${pad(i % 1e6)}+0100 node-1 kubelet[1234]: I1123 12:00:00.123456    1234 kubelet.go:2100] "SyncLoop (PLEG)" pod="ns/web-${i % 50}"` },
  { name: "journal short (year-less)", make: (onRecord) => createJournalSink({ path: "b", time, onRecord }), line: (i) => `Nov 23 12:${pad(Math.floor(i / 60000) % 60, 2)}:${pad(Math.floor(i / 1000) % 60, 2)} node-1 dockerd[812]: time="2026-11-23T12:00:00.1Z" level=info msg="x ${i}"` },
  { name: "journal json", make: (onRecord) => createJournalJsonSink({ path: "b", time, onRecord }), line: (i) => `{"__REALTIME_TIMESTAMP":"${1795435200000000 + i * 1000}","_BOOT_ID":"19c6aad64a214d028c8c0d795de88c8e","PRIORITY":"6","_PID":"812","SYSLOG_IDENTIFIER":"dockerd","_SYSTEMD_UNIT":"docker.service","MESSAGE":"msg ${i}","_HOSTNAME":"node-1"}` },
  { name: "log klog", make: (onRecord) => createLogSink({ path: "b", time, onRecord }), line: (i) => `I1123 12:00:00.${pad(i % 1e6)}    2201 proxier.go:1549] "Syncing iptables rules" n=${i}` },
  { name: "log logfmt", make: (onRecord) => createLogSink({ path: "b", time, onRecord }), line: (i) => `time="2026-11-23T12:00:00.${pad(i % 1e6)}Z" level=info msg="shim disconnected" id=${i} namespace=moby` },
  { name: "dmesg plain", make: (onRecord) => createDmesgSink({ path: "b", time, onRecord }), line: (i) => `[${String((i / 1000).toFixed(6)).padStart(12)}] br0: port 1(veth${i % 9}) entered forwarding state` },
];

for (const c of CASES) {
  let n = 0;
  const sink = c.make(() => void n++);
  const lines = Array.from({ length: 10_000 }, (_, i) => c.line(i + 1));
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 1; i <= N; i++) {
    const l = lines[i % 10_000] ?? "";
    bytes += l.length + 1;
    sink.push(l, i);
  }
  const res = sink.end();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rss = (process.memoryUsage().rss - rss0) / 1048576;
  console.log(`${c.name.padEnd(26)} ${N} lines ${(bytes / 1048576).toFixed(0)} MB  wall ${(N / (ms / 1000) / 1e6).toFixed(2)} M lines/s  cpu ${(N / (cpuMs / 1000) / 1e6).toFixed(2)} M lines/s  records=${res.recordCount}/${n} kept=${res.records.length}  rss +${rss.toFixed(0)} MB`);
}
