/**
 * lsns -J -o NS,TYPE,NPROCS,PID,PPID,COMMAND,UID,USER,PATH (host/lsns.json).
 *
 *   { "namespaces": [
 *      { "ns": 4026531833, "type": "net", "nprocs": 82, "pid": 2, "ppid": 0,
 *        "command": "kthreadd", "uid": 0, "user": "root", "path": "/proc/2/ns/net" }, ...
 *
 * → LsnsRecord { ns: 4026531833, type: "net", nprocs: 82, pid: 2, ..., line: 3 }
 *
 * Quirks: util-linux before 2.37 quotes every number ("ns": "4026531835"); newer releases
 * print null for empty cells (namespaces held only by an nsfs mount have no pid); 2.38 nests
 * namespaces first entered by a child process under "children", flattened here. `line` is
 * the line where the object opens, found by scanning the pretty-printed text; when the
 * layout is unexpected every record gets line 1 and a warning says so.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";
import { normaliseLsnsRow, type LsnsRecord, type RawLsnsRow } from "./lsns-record";

export type { LsnsRecord } from "./lsns-record";

/** Line numbers (1-based) where each element of the namespaces array opens. */
function objectStartLines(lines: string[]): number[] {
  const starts: number[] = [];
  const arrayAt = lines.findIndex((l) => /"namespaces"\s*:/.test(l));
  for (let i = arrayAt + 1; arrayAt >= 0 && i < lines.length; i++) {
    if (/^\s*(\},\s*)?\{/.test(lines[i] ?? "")) starts.push(i + 1);
  }
  return starts;
}

function isRow(v: unknown): v is RawLsnsRow {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** util-linux 2.38 nests namespaces under "children" (process tree); pre-order = text order. */
function flatten(list: unknown[]): unknown[] {
  return list.flatMap((row) => {
    const kids = isRow(row) ? (row as { children?: unknown }).children : undefined;
    return Array.isArray(kids) ? [row, ...flatten(kids)] : [row];
  });
}

export const parser: ArtifactParser<LsnsRecord> = {
  kind: "lsns-json",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const lines = splitLines(text);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const out = new ResultBuilder<LsnsRecord>();
      if (!text.trimStart().startsWith("{")) {
        return notDataResult({ reason: "error-text", message: lines.slice(0, 3).join("\n").slice(0, 500) });
      }
      out.warn(`invalid JSON (truncated output?): ${(e as Error).message}`);
      lines.forEach((t, i) => t.trim() !== "" && out.unparsed.push({ line: i + 1, text: t }));
      return out.done();
    }
    const out = new ResultBuilder<LsnsRecord>();
    const top = isRow(doc) ? (doc as { namespaces?: unknown }).namespaces : undefined;
    if (!Array.isArray(top)) {
      out.warn('JSON has no "namespaces" array');
      return out.done();
    }
    const list = flatten(top);
    const starts = objectStartLines(lines);
    const exact = starts.length === list.length;
    if (!exact && list.length > 0) out.warn("could not map namespaces to lines; using line 1");
    list.forEach((row: unknown, i) => {
      const line = exact ? (starts[i] ?? 1) : 1;
      const rec = isRow(row) ? normaliseLsnsRow(row, line) : "namespace entry is not an object";
      if (typeof rec === "string") out.skip(line, lines[line - 1] ?? "", rec);
      else out.records.push(rec);
    });
    return out.done();
  },
};
