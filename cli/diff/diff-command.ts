/**
 * `netbundle diff A B [--format text|json|md]`: what changed on the node from bundle A to B.
 * Exit 0 when B has no new high or critical finding, 1 when it has (a CI gate), 2 when an
 * input cannot be used, 3 on an internal error (not 1, so a crash never reads as "new finding").
 */
import fs from "node:fs";
import { analyzeBundle } from "@/lib/analyze/analyze-bundle";
import { BundleUnusableError } from "@/lib/analyze/types";
import { compareModels } from "@/lib/compare/compare-models";
import { toDiffMarkdown, toDiffText } from "@/cli/diff/format-diff";
import { terminalSafe } from "@/cli/terminal-safe";

const FORMATS = ["text", "json", "md"] as const;
type Format = (typeof FORMATS)[number];

function parseArgs(argv: string[]): { files: [string, string]; format: Format } | string {
  const files: string[] = [];
  let format: Format = "text";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const v = a === "--format" || a === "-f" ? argv[++i] : a.startsWith("--format=") ? a.slice("--format=".length) : null;
    if (v !== null) {
      if (!v || !(FORMATS as readonly string[]).includes(v)) return `--format takes one of ${FORMATS.join(", ")}`;
      format = v as Format;
    } else if (a.startsWith("-")) return `unknown option ${a}`;
    else files.push(a);
  }
  if (files.length !== 2) return `takes two bundles, A (before) and B (after); got ${files.length}`;
  return { files: files as [string, string], format };
}

async function analyze(file: string) {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) throw new BundleUnusableError(`cannot open ${file}: ENOENT`);
  if (!st.isFile()) throw new BundleUnusableError(`${file} is not a regular file`);
  return analyzeBundle(file, { timelineKeep: 0 });
}

export async function runDiffCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`netbundle diff: ${args}\n`);
    return 2;
  }
  try {
    const [a, b] = [await analyze(args.files[0]), await analyze(args.files[1])];
    const diff = compareModels(a, b);
    const out = args.format === "json" ? JSON.stringify(diff, null, 2) : terminalSafe(args.format === "md" ? toDiffMarkdown(diff) : toDiffText(diff));
    process.stdout.write(out.endsWith("\n") ? out : out + "\n");
    return diff.findings.new.some((f) => f.severity === "critical" || f.severity === "high") ? 1 : 0;
  } catch (err) {
    if (err instanceof BundleUnusableError) {
      process.stderr.write(`netbundle diff: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`netbundle diff: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 3;
  }
}
