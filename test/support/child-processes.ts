import fs from "node:fs";

/** PIDs of this process's children whose command line holds `arg` (Linux /proc). */
export function childrenRunning(arg: string): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && fs.readFileSync(`/proc/${name}/cmdline`, "utf8").includes(arg)) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
