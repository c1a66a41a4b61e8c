import fs from "node:fs/promises";

export interface ProcUsage {
  /** utime + stime of the process (all its threads), seconds. */
  cpuSeconds: number;
  rssBytes: number;
}

// USER_HZ is 100 on every Linux the server runs on (the kernel ABI fixes it for /proc).
const TICKS_PER_SECOND = 100;

/**
 * CPU time and resident size of a process (Linux /proc); null when it is gone or /proc is
 * not there. /proc/PID/stat fields after the parenthesised command name (which may itself
 * contain spaces and parentheses): state is field 3, utime 14, stime 15. The RSS comes from
 * status's VmRSS, in kB whatever the page size.
 */
export async function readProcUsage(pid: number): Promise<ProcUsage | null> {
  let stat: string;
  let status: string;
  try {
    [stat, status] = await Promise.all([fs.readFile(`/proc/${pid}/stat`, "utf8"), fs.readFile(`/proc/${pid}/status`, "utf8")]);
  } catch {
    return null;
  }
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  if (![utime, stime].every(Number.isFinite)) return null;
  return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
}
