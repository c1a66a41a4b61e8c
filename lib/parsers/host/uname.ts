/**
 * uname -a (host/uname.txt).
 *
 *   Linux node-1 5.4.0-99-generic #112-Ubuntu SMP Thu Feb 3 13:50:55 UTC 2022 x86_64 x86_64 x86_64 GNU/Linux
 *
 * → UnameRecord { kernelName: "Linux", hostname: "node-1", kernelRelease: "5.4.0-99-generic",
 *                 kernelVersion: "#112-Ubuntu SMP Thu Feb 3 13:50:55 UTC 2022", machine: "x86_64",
 *                 processor: "x86_64", hardwarePlatform: "x86_64", os: "GNU/Linux",
 *                 kernelMajorMinor: [5, 4], line: 1 }
 *
 * Quirks: the version has blanks, so the tail is read from the right: operating system, then
 * up to three architecture words (GNU coreutils drops processor/platform when "unknown";
 * busybox prints only machine).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, detectNotData, fields, notDataResult, splitLines } from "@/lib/parsers/common";

export interface UnameRecord {
  kernelName: string;
  hostname: string;
  kernelRelease: string;
  kernelVersion: string;
  machine?: string;
  processor?: string;
  hardwarePlatform?: string;
  os?: string;
  /** [major, minor] of the release, for "removed in 4.12"-style checks. */
  kernelMajorMinor?: [number, number];
  line: number;
}

const ARCH_RE = /^(x86_64|amd64|i[3-6]86|aarch64|arm64|armv\w+|ppc64(le)?|s390x?|riscv64|mips\w*|loongarch64|ia64|unknown)$/;

function normalise(tokens: string[], line: number): UnameRecord | string {
  if (tokens.length < 4) return "fewer than four fields";
  const rest = tokens.slice(3);
  let os: string | undefined;
  if (/Linux|BSD|Darwin/.test(rest[rest.length - 1] ?? "") && rest.length > 1) os = rest.pop();
  const arch: string[] = [];
  while (arch.length < 3 && rest.length > 1 && ARCH_RE.test(rest[rest.length - 1] ?? "")) arch.unshift(rest.pop() ?? "");
  const rec: UnameRecord = {
    kernelName: tokens[0] ?? "",
    hostname: tokens[1] ?? "",
    kernelRelease: tokens[2] ?? "",
    kernelVersion: rest.join(" "),
    line,
  };
  const [machine, processor, hardwarePlatform] = arch;
  if (machine) rec.machine = machine;
  if (processor) rec.processor = processor;
  if (hardwarePlatform) rec.hardwarePlatform = hardwarePlatform;
  if (os) rec.os = os;
  const mm = /^(\d+)\.(\d+)/.exec(rec.kernelRelease);
  if (mm) rec.kernelMajorMinor = [Number(mm[1]), Number(mm[2])];
  return rec;
}

export const parser: ArtifactParser<UnameRecord> = {
  kind: "uname",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<UnameRecord>();
    splitLines(text).forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      if (out.records.length > 0) return out.skip(line, text, "extra line after uname output");
      const rec = normalise(fields(text), line);
      if (typeof rec === "string") out.skip(line, text, rec);
      else out.records.push(rec);
    });
    return out.done();
  },
};
