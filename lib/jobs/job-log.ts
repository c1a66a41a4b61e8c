/**
 * The worker's log lines. `netbundle worker` writes one JSON object per line (time, level,
 * worker, job, bundle, msg) for a log collector; the web server's in-process worker keeps
 * readable text lines among Next's. Each line is written whole (one write call), so lines of
 * concurrent jobs never interleave.
 */
export type LogLevel = "info" | "warn" | "error";

export interface LogFields {
  worker?: string;
  job?: string;
  /** The job's queue (its name). */
  queue?: string;
  bundle?: string;
  [k: string]: unknown;
}

let format: "json" | "text" = "text";

export function setJobLogFormat(f: "json" | "text"): void {
  format = f;
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function jobLog(level: LogLevel, msg: string, fields: LogFields = {}, ...rest: unknown[]): void {
  const extra = rest.map(errorText).join(" ");
  if (format === "json") {
    const line = JSON.stringify({ time: new Date().toISOString(), level, ...fields, msg: extra ? `${msg} ${extra}` : msg });
    (level === "info" ? process.stdout : process.stderr).write(line + "\n");
    return;
  }
  const tag = fields.queue ? `[${fields.queue}]${fields.job ? ` #${fields.job}` : ""}` : "[worker]";
  (level === "info" ? console.log : console.error)(`${tag} ${msg}${extra ? ` ${extra}` : ""}`);
}
