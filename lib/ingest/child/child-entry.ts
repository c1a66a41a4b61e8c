import fs from "node:fs";
import path from "node:path";

/**
 * The CLI launcher (bin/netbundle.mjs) that runs the analysis child. The ingest job runs in
 * `next start` (server code bundled under .next), in the standalone worker (tsx) and in tests
 * (vitest), so no module path points at the repository in all three; the server and worker
 * are started from the repository (scripts/start.sh, README), so the working directory does,
 * and the launched script (argv[1]) does for `node /path/to/netbundle/...`.
 */
export function childLauncher(): string {
  const starts = [process.cwd(), process.argv[1] ? path.dirname(path.resolve(process.argv[1])) : null].filter((d): d is string => !!d);
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const bin = path.join(dir, "bin", "netbundle.mjs");
      if (fs.existsSync(bin) && fs.existsSync(path.join(dir, "cli", "main.ts"))) return bin;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`the analysis child's launcher bin/netbundle.mjs was not found above ${starts.join(" or ")}: start the server from the netbundle directory`);
}
