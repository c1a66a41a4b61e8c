/**
 * What each ps header word means: how many blank-separated tokens its cell takes and which
 * record field it fills. The header alone tells the form (collector -eo, aux, -ef, alx, axo).
 */

export type PsForm = "collector" | "aux" | "ef" | "alx" | "custom";

export interface PsColumn {
  header: string;
  /** Header start offset, used to size a `comm` cell that sits before another column. */
  start: number;
  /** "rest" = the cell runs to end of line (last COMMAND/CMD/ARGS/CGROUP). */
  tokens: number | "rest" | "comm";
}

/** lstart prints "Mon Nov 23 12:00:00 2026": five tokens under one STARTED header. */
const MULTI_TOKEN: Record<string, number> = { STARTED: 5 };
const REST_AT_END = new Set(["COMMAND", "CMD", "ARGS", "CGROUP", "COMMAND_LINE"]);

export function psColumns(header: string): PsColumn[] {
  const words: { w: string; start: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(header); m; m = re.exec(header)) words.push({ w: m[0], start: m.index });
  return words.map(({ w, start }, i) => {
    const last = i === words.length - 1;
    let tokens: PsColumn["tokens"] = MULTI_TOKEN[w] ?? 1;
    if (last && REST_AT_END.has(w)) tokens = "rest";
    // comm (header COMMAND) before another column: fixed-width cell that may hold blanks.
    else if (w === "COMMAND" && !last) tokens = "comm";
    return { header: w, start, tokens };
  });
}

export function psForm(cols: PsColumn[]): PsForm {
  const h = cols.map((c) => c.header);
  const has = (w: string) => h.includes(w);
  if (has("STARTED") && h.filter((w) => w === "COMMAND").length === 2) return "collector";
  if (has("USER") && has("%CPU")) return "aux";
  if (has("F") && has("WCHAN")) return "alx";
  if (has("UID") && has("STIME") && has("CMD")) return "ef";
  return "custom";
}

export function isPsHeader(line: string): boolean {
  return /^\s*(F\s+)?(USER|UID|PID)\s/.test(line) && /\bPID\b/.test(line);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Mon Nov 23 13:08:06 2026" → "2026-11-23T13:08:06" (node-local time; offset unknown here). */
export function lstartToLocalIso(raw: string): string | undefined {
  const m = /^[A-Z][a-z]{2} ([A-Z][a-z]{2})\s+(\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})$/.exec(raw);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] ?? "") + 1;
  if (month === 0) return undefined;
  return `${m[4]}-${String(month).padStart(2, "0")}-${String(m[2]).padStart(2, "0")}T${m[3]}`;
}

/** etime "[[DD-]hh:]mm:ss" or etimes "1806" → seconds. */
export function elapsedToSeconds(raw: string): number | undefined {
  if (/^\d+$/.test(raw)) return Number(raw);
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(raw);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
