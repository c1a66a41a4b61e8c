/**
 * Stream one artifact file from disk through a log sink, as ingest would, and print
 * throughput and peak RSS (prints figures; not a test).
 *   npx tsx bench/parsers/log-file.ts <kind: journal|journal-json|journal-export|log|dmesg> <file>
 * Lines are cut from 1 MiB chunks; records go to a counting onRecord (nothing kept).
 */
import fs from "node:fs";
import { createDmesgSink } from "@/lib/parsers/logs/dmesg";
import { createJournalSink } from "@/lib/parsers/logs/journal";
import { createJournalExportSink } from "@/lib/parsers/logs/journal-export";
import { createJournalJsonSink } from "@/lib/parsers/logs/journal-json";
import { createLogSink } from "@/lib/parsers/logs/log";
import type { LogSinkOptions, RecordSink } from "@/lib/parsers/logs/sink-base";

const [kind = "journal", file] = process.argv.slice(2);
if (!file) throw new Error("usage: log-file.ts <kind> <file>");
type Make = (o: Omit<LogSinkOptions<unknown>, "onRecord"> & { onRecord: () => void }) => RecordSink<unknown>;
const FACTORIES: Record<string, Make> = {
  journal: (o) => createJournalSink(o), "journal-json": (o) => createJournalJsonSink(o), "journal-export": (o) => createJournalExportSink(o),
  log: (o) => createLogSink(o), dmesg: (o) => createDmesgSink(o),
};
const make = FACTORIES[kind];
if (!make) throw new Error(`unknown kind ${kind}`);

let records = 0;
const sink = make({ path: file, time: { referenceEpochMs: Date.now(), utcOffsetSeconds: 0, bootEpochMs: Date.now() - 86_400_000 }, onRecord: () => void records++ });
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let rest = "";
let lineNo = 0;
let bytes = 0;
for await (const chunk of fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
  const text = rest + (chunk as string);
  bytes += (chunk as string).length;
  let start = 0;
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
    sink.push(text.slice(start, nl), ++lineNo);
    start = nl + 1;
  }
  rest = text.slice(start);
}
if (rest !== "") sink.push(rest, ++lineNo);
const res = sink.end();
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(`${kind} ${file}: ${(bytes / 1048576).toFixed(0)} MB, ${lineNo} lines, ${records} records (${res.recordCount}), kept ${res.records.length}, ` +
  `${res.warnings.length} warnings, ${res.unparsed.length} unparsed kept; wall ${s.toFixed(1)} s (${(lineNo / s / 1e6).toFixed(2)} M lines/s), ` +
  `cpu ${cpuS.toFixed(1)} s (${(lineNo / cpuS / 1e6).toFixed(2)} M lines/s), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
