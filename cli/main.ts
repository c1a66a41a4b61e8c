/**
 * netbundle CLI: `netbundle analyze BUNDLE [--format json|text|md]`,
 * `netbundle pcap FILE [--format json|text]`, `netbundle diff A B`, `netbundle admin …` (accounts and API
 * tokens, on the server host; cli/admin-command.ts) and `netbundle worker` (runs queued jobs; cli/worker-command.ts). Exit 0 when the input could be read (even
 * partly), 2 with a one-line reason on stderr when it cannot be used at all, 1 on bugs.
 */
// Each command is imported when it runs: `netbundle pcap` then loads ~50 KB of code, not the
// whole analyzer (~60 ms less start-up; bin/cli-bundle.mjs splits the bundle the same way).
const USAGE = `usage: netbundle analyze BUNDLE [--format json|text|md]
       netbundle pcap FILE [--format json|text]
       netbundle diff A B [--format text|json|md]   (exit 1 when B has a new high/critical finding)
       netbundle admin user add --email EMAIL --role admin|engineer [--name NAME]   (password on stdin)
       netbundle admin token --email EMAIL [--name NAME]
       netbundle worker [--concurrency N] [--grace SECONDS]   (runs queued ingests until SIGTERM)
       netbundle --version`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "analyze": {
        const { runAnalyzeCommand } = await import("@/cli/analyze-command");
        return await runAnalyzeCommand(rest);
      }
      case "pcap": {
        const { runPcapCommand } = await import("@/cli/pcap/pcap-command");
        return await runPcapCommand(rest);
      }
      case "diff": {
        const { runDiffCommand } = await import("@/cli/diff/diff-command");
        return await runDiffCommand(rest);
      }
      case "admin": {
        const { runAdminCommand } = await import("@/cli/admin-command");
        return await runAdminCommand(rest);
      }
      case "worker": {
        const { runWorkerCommand } = await import("@/cli/worker-command");
        return await runWorkerCommand(rest);
      }
      case "__ingest-child": {
        // Internal: the ingest job's analysis process (lib/ingest/child), started with an IPC channel.
        const { runAnalysisChild } = await import("@/lib/ingest/child/analysis-child");
        return await runAnalysisChild();
      }
      case "__timeline-load": {
        // Internal: the ingest job's timeline loader (lib/ingest/load), started with an IPC channel.
        const { runTimelineLoadChild } = await import("@/lib/ingest/load/timeline-load-child");
        return await runTimelineLoadChild();
      }
      case "--version":
      case "-V":
        process.stdout.write("netbundle 0.1.0\n");
        return 0;
      case "--help":
      case "-h":
      case "help":
        process.stdout.write(USAGE + "\n");
        return 0;
      default:
        process.stderr.write(`netbundle: ${cmd ? `unknown command '${cmd}'` : "missing command"}\n${USAGE}\n`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`netbundle: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
