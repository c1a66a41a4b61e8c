/**
 * host/boot-time.txt: the btime line of /proc/stat (boot time, seconds since the epoch, UTC).
 *
 *   btime 1795437472
 *
 * → BootTimeRecord { btime: 1795437472, bootedAtUtc: "2026-11-23T12:37:52Z", line: 1 }
 *
 * Used to turn process start ticks and dmesg seconds-since-boot into wall-clock times.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";
import { epochToIso } from "./uptime";

export interface BootTimeRecord {
  btime: number;
  bootedAtUtc: string;
  line: number;
}

const BTIME_RE = /^btime\s+(\d+)\s*$/;

export const parser: ArtifactParser<BootTimeRecord> = {
  kind: "boot-time",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<BootTimeRecord>();
    splitLines(text).forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      const m = BTIME_RE.exec(text);
      if (m) {
        const btime = Number(m[1]);
        out.records.push({ btime, bootedAtUtc: epochToIso(btime), line });
      } else if (classifyErrorLine(text)) out.warn(text, line);
      else out.skip(line, text);
    });
    if (out.records.length > 1) out.warn("more than one btime line");
    return out.done();
  },
};
