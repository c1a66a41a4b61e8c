/** `netbundle analyze BUNDLE [--format json|text|md]` */
import fs from "node:fs";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import { BundleUnusableError } from "@/lib/analyze/types";
import { toJsonReport } from "@/cli/format-json";
import { toTextReport } from "@/cli/format-text";
import { toMarkdownReport } from "@/cli/format-markdown";
import { terminalSafe } from "@/cli/terminal-safe";

const FORMATS = ["json", "text", "md"] as const;
type Format = (typeof FORMATS)[number];

function parseArgs(argv: string[]): { file: string; format: Format } | string {
  let file: string | undefined;
  let format: Format = "text";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--format" || a === "-f") {
      const v = argv[++i];
      if (!v || !(FORMATS as readonly string[]).includes(v)) return `--format takes one of ${FORMATS.join(", ")}`;
      format = v as Format;
    } else if (a.startsWith("--format=")) {
      const v = a.slice("--format=".length);
      if (!(FORMATS as readonly string[]).includes(v)) return `--format takes one of ${FORMATS.join(", ")}`;
      format = v as Format;
    } else if (a.startsWith("-")) return `unknown option ${a}`;
    else if (file) return `one bundle at a time (got ${file} and ${a})`;
    else file = a;
  }
  return file ? { file, format } : "missing BUNDLE argument";
}

export async function runAnalyzeCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`netbundle analyze: ${args}\n`);
    return 2;
  }
  try {
    const st = fs.statSync(args.file);
    if (!st.isFile()) throw new BundleUnusableError(`${args.file} is not a regular file`);
  } catch (err) {
    const msg = err instanceof BundleUnusableError ? err.message : `cannot open ${args.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    process.stderr.write(`netbundle analyze: ${msg}\n`);
    return 2;
  }
  const tty = process.stderr.isTTY;
  try {
    const result = await analyzeBundle(args.file, {
      timelineKeep: 2000,
      onProgress: tty ? (p) => process.stderr.write(`\r${p.stage.padEnd(8)} ${(p.fraction * 100).toFixed(0).padStart(3)}% ${(p.message ?? "").slice(0, 60).padEnd(60)}`) : undefined,
    });
    if (tty) process.stderr.write("\r" + " ".repeat(80) + "\r");
    // JSON escapes control characters itself; text and markdown go to terminals and tickets.
    const out = args.format === "json" ? JSON.stringify(toJsonReport(result), null, 2) : terminalSafe(args.format === "md" ? toMarkdownReport(result) : toTextReport(result));
    process.stdout.write(out.endsWith("\n") ? out : out + "\n");
    return 0;
  } catch (err) {
    if (err instanceof BundleUnusableError) {
      process.stderr.write(`netbundle analyze: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
