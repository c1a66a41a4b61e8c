/**
 * ps output in the collector's form and the common sosreport forms; the header tells which.
 *
 *   collector: ps -eo pid,ppid,pgid,sid,uid,lstart,etimes,stat,comm,args
 *       PID    PPID    PGID     SID   UID                  STARTED ELAPSED STAT COMMAND         COMMAND
 *         2       1       0       0     0 Mon Nov 23 13:08:06 2026       0 S    (sd-pam)        sh -c x
 *   aux / auxww / auxwwwm (threads: rows with PID "-" follow their process), -ef, alx, axo ...
 *
 * → PsRecord { form: "collector", pid: 2, ppid: 1, pgid: 0, sid: 0, uid: 0, comm: "(sd-pam)",
 *              args: "sh -c x", stat: "S", start: { raw: "Mon Nov 23 13:08:06 2026",
 *              local: "2026-11-23T13:08:06" }, elapsedSeconds: 0, line: 2 }
 *
 * Quirks: lstart is five tokens; comm sits mid-line, may hold blanks ("Web Content") and is
 * cut at 15 chars, so its cell is sized from the header (distance to the next header word).
 * For forms without comm, comm is derived from args ("[kthreadd]" → kthreadd, else the
 * basename of argv[0]) and commFromArgs is set. aux START / -ef STIME ("Oct25", "13:08") lack
 * the date or year, so only `raw` is kept. A procps warning before the header is a warning.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines, toInt } from "@/lib/parsers/common";
import { elapsedToSeconds, isPsHeader, lstartToLocalIso, psColumns, psForm, type PsColumn, type PsForm } from "./ps-columns";

export interface PsRecord {
  form: PsForm;
  pid: number;
  ppid?: number;
  pgid?: number;
  sid?: number;
  uid?: number;
  user?: string;
  group?: string;
  comm?: string;
  /** True when comm was not a column and was derived from args. */
  commFromArgs?: boolean;
  args?: string;
  stat?: string;
  start?: { raw: string; local?: string };
  elapsedSeconds?: number;
  tty?: string;
  cpuPercent?: number;
  memPercent?: number;
  vszKiB?: number;
  rssKiB?: number;
  lwp?: number;
  nlwp?: number;
  cgroup?: string;
  /** aux...m forms: number of thread rows that followed the process row. */
  threads?: number;
  line: number;
}

/** Stage 1: header word → cell text ("@comm"/"@rest" for the blank-holding cells). */
function cutCells(text: string, cols: PsColumn[]): Record<string, string> | string {
  const cells: Record<string, string> = {};
  let pos = 0;
  const tokenRe = /\S+/g;
  const nextToken = () => {
    tokenRe.lastIndex = pos;
    const m = tokenRe.exec(text);
    if (!m) return undefined;
    pos = m.index + m[0].length;
    return { start: m.index, value: m[0] };
  };
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i] as PsColumn;
    if (c.tokens === "rest") {
      cells["@rest"] = text.slice(pos).trim();
      break;
    }
    if (c.tokens === "comm") {
      const first = nextToken();
      if (!first) return `missing ${c.header}`;
      const width = (cols[i + 1]?.start ?? text.length) - c.start;
      let end = Math.max(first.start + width, pos);
      // Aligned rows leave a blank as the cell's last char. When an earlier overflow made ps
      // eat padding, the cell would reach into args: cut at the last double blank instead.
      if (end < text.length && !/\s/.test(text[end - 1] ?? " ")) {
        const dbl = text.slice(first.start, end).lastIndexOf("  ");
        end = dbl > 0 ? first.start + dbl : pos;
      }
      cells["@comm"] = text.slice(first.start, end).trimEnd();
      pos = end;
      continue;
    }
    let from = -1;
    for (let k = 0; k < c.tokens; k++) {
      const t = nextToken();
      if (!t) return `row ends before column ${c.header}`;
      if (from < 0) from = t.start;
    }
    // Slice, not join: lstart pads single-digit days ("Nov  2") and raw keeps that.
    cells[c.header] = text.slice(from, pos);
  }
  return cells;
}

function num(s: string | undefined): number | undefined {
  return s !== undefined && /^\d+(\.\d+)?$/.test(s) ? Number(s) : undefined;
}

function commFromArgs(args: string): string {
  const kthread = /^\[(.+)\]$/.exec(args);
  if (kthread) return kthread[1] ?? args;
  const argv0 = args.split(/\s+/)[0] ?? "";
  return argv0.slice(argv0.lastIndexOf("/") + 1);
}

/** Stage 2: typed record; string = reason to reject the row. */
function normalise(cells: Record<string, string>, form: PsForm, line: number): PsRecord | string {
  const pid = toInt(cells.PID);
  if (pid === undefined) return `PID "${cells.PID ?? ""}" is not a number`;
  const rec: PsRecord = { form, pid, line };
  const put = <K extends keyof PsRecord>(k: K, v: PsRecord[K] | undefined) => {
    if (v !== undefined && v !== "") rec[k] = v;
  };
  put("ppid", toInt(cells.PPID));
  put("pgid", toInt(cells.PGID));
  put("sid", toInt(cells.SID));
  const uidCell = cells.UID;
  put("uid", toInt(uidCell));
  put("user", cells.USER ?? (uidCell !== undefined && toInt(uidCell) === undefined ? uidCell : undefined));
  put("group", cells.GROUP);
  const rest = cells["@rest"];
  put("comm", cells["@comm"]);
  put("args", rest);
  put("stat", cells.STAT);
  const startRaw = cells.STARTED ?? cells.START ?? cells.STIME;
  if (startRaw !== undefined) rec.start = cells.STARTED ? { raw: startRaw, local: lstartToLocalIso(startRaw) } : { raw: startRaw };
  if (rec.start && rec.start.local === undefined) delete rec.start.local;
  put("elapsedSeconds", cells.ELAPSED === undefined ? undefined : elapsedToSeconds(cells.ELAPSED));
  put("tty", cells.TTY);
  put("cpuPercent", num(cells["%CPU"]));
  put("memPercent", num(cells["%MEM"]));
  put("vszKiB", toInt(cells.VSZ));
  put("rssKiB", toInt(cells.RSS));
  put("lwp", toInt(cells.LWP));
  put("nlwp", toInt(cells.NLWP));
  if (rec.comm === undefined && rec.args) {
    rec.comm = commFromArgs(rec.args);
    rec.commFromArgs = true;
  }
  return rec;
}

export const parser: ArtifactParser<PsRecord> = {
  kind: "ps",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<PsRecord>();
    let cols: PsColumn[] | undefined;
    let form: PsForm = "custom";
    let restHeader = "";
    splitLines(text).forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      if (isPsHeader(text)) {
        cols = psColumns(text);
        form = psForm(cols);
        restHeader = cols.find((c) => c.tokens === "rest")?.header ?? "";
        return;
      }
      if (!cols) return out.warn(classifyErrorLine(text) ? text : `before the ps header: ${text}`, line);
      const cells = cutCells(text, cols);
      if (typeof cells === "string") return out.skip(line, text, cells);
      if (restHeader === "CGROUP" && cells["@rest"] !== undefined) {
        cells.CGROUP = cells["@rest"];
        delete cells["@rest"];
      }
      const prev = out.records[out.records.length - 1];
      if (cells.PID === "-" && prev) {
        // auxm thread row: count it; the process row's STAT is "-", the first thread has the real one.
        prev.threads = (prev.threads ?? 0) + 1;
        if (prev.stat === "-" && cells.STAT) prev.stat = cells.STAT;
        return;
      }
      const rec = normalise(cells, form, line);
      if (typeof rec === "string") return out.skip(line, text, rec);
      if (cells.CGROUP !== undefined && cells.CGROUP !== "-") rec.cgroup = cells.CGROUP;
      out.records.push(rec);
    });
    if (!cols) out.warn("no ps header line found");
    return out.done();
  },
};
