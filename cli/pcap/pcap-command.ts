/**
 * `netbundle pcap FILE [--format json|text] [--flows N]`: analyse one capture and print it.
 * Exit codes (as cli/main.ts): 0 when the capture could be read, even only up to a corrupt
 * or truncated record (summary printed, the reason also on stderr); 2 for a usage error, an
 * unreadable file, or a file that is not a capture at all.
 */
import { stat } from "node:fs/promises";
import { analyzePcapFile } from "@/lib/pcap/analyze";
import { formatPcapText } from "./format-text";

const USAGE = "usage: netbundle pcap FILE [--format json|text] [--flows N]";

export async function runPcapCommand(argv: string[]): Promise<number> {
  let format = "text";
  let flows = 30;
  let file: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[i + 1];
    if (a === "--format" || a.startsWith("--format=")) {
      format = val ?? "";
      if (!a.includes("=")) i++;
    } else if (a === "--flows" || a.startsWith("--flows=")) {
      flows = Number(val);
      if (!a.includes("=")) i++;
    } else if (a === "-h" || a === "--help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith("-") || file !== null) return usage(`unexpected argument ${a}`);
    else file = a;
  }
  if (!file) return usage("missing FILE");
  if (format !== "json" && format !== "text") return usage(`--format must be json or text, not ${format}`);
  if (!Number.isInteger(flows) || flows < 0) return usage("--flows must be a whole number");
  try {
    if (!(await stat(file)).isFile()) return fail(`${file}: not a regular file`);
  } catch (e) {
    return fail(`${file}: ${(e as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  const s = await analyzePcapFile(file);
  if (s.format === "unknown") return fail(`${file}: ${s.error?.message ?? "not a capture"}`);
  process.stdout.write(format === "json" ? `${JSON.stringify(s, null, 2)}\n` : formatPcapText(s, { flows }));
  if (s.error) {
    process.stderr.write(`netbundle pcap: warning: ${file}: ${s.error.message}\n`);
  }
  return 0;
}

function usage(why: string): number {
  process.stderr.write(`netbundle pcap: ${why}\n${USAGE}\n`);
  return 2;
}

function fail(why: string): number {
  process.stderr.write(`netbundle pcap: ${why}\n`);
  return 2;
}
