/**
 * Unit files and drop-ins (host/units/<unit>/...), either one plain file or `systemctl cat`
 * output where each file starts with a "# /path" header line.
 *
 *   # /lib/systemd/system/docker.service
 *   [Service]
 *   ExecStart=/usr/bin/dockerd -H fd:// \
 *             --iptables=false
 *
 *   # /etc/systemd/system/docker.service.d/override.conf
 *   [Service]
 *   MountFlags=slave
 *
 * → UnitSettingRecord { file: "/lib/systemd/system/docker.service", dropIn: false,
 *     section: "Service", key: "ExecStart", value: "/usr/bin/dockerd -H fd:// --iptables=false",
 *     line: 3, lineEnd: 4 } ...
 *
 * Why: MountFlags=slave on dockerd is how nsfs mounts get stranded in another mount namespace
 * (SCENARIOS.md case 2); drop-ins override the vendor file, so unitSettings() applies them in
 * order (an empty assignment like "ExecStart=" resets the key, as systemd does).
 * Quirks: backslash at line end continues the value (joined with one blank); "#" and ";"
 * start comments; systemctl's "# Warning: ... changed on disk" block becomes a warning.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";

export interface UnitSettingRecord {
  /** Path from the "# /path" header; null for a plain file without header. */
  file: string | null;
  dropIn: boolean;
  section: string | null;
  key: string;
  value: string;
  line: number;
  lineEnd: number;
}

const HEADER_RE = /^# (\/\S+)\s*$/;
const SECTION_RE = /^\[([^\]]+)\]\s*$/;
const ASSIGN_RE = /^([A-Za-z0-9_.\-@]+)\s*=\s*(.*)$/;

export const parser: ArtifactParser<UnitSettingRecord> = {
  kind: "systemd-unit",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    if (/^No files found for /.test(text)) return notDataResult({ reason: "no-such-file", message: text.trim().slice(0, 500) });
    const out = new ResultBuilder<UnitSettingRecord>();
    const lines = splitLines(text);
    let file: string | null = null;
    let section: string | null = null;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i] ?? "";
      const line = i + 1;
      const prev = i === 0 ? "" : (lines[i - 1] ?? "");
      const header = HEADER_RE.exec(t);
      if (header && (prev.trim() === "" || prev.startsWith("#"))) {
        file = header[1] ?? null;
        section = null;
        continue;
      }
      if (/^# Warning: /.test(t)) out.warn(t.slice(2), line);
      const s = t.trim();
      if (s === "" || s.startsWith("#") || s.startsWith(";")) continue;
      const sec = SECTION_RE.exec(s);
      if (sec) {
        section = sec[1] ?? null;
        continue;
      }
      const m = ASSIGN_RE.exec(s);
      if (!m) {
        out.skip(line, t, "not a [Section] or Key=value line");
        continue;
      }
      let value = (m[2] ?? "").trimEnd();
      let end = i;
      while (value.endsWith("\\")) {
        value = value.slice(0, -1).trimEnd();
        if (end + 1 >= lines.length) {
          out.warn("value continues past the end of the text (truncated?)", line);
          break;
        }
        end++;
        value = `${value} ${(lines[end] ?? "").trim()}`.trimEnd();
      }
      out.records.push({ file, dropIn: file !== null && /\.d\/[^/]+\.conf$/.test(file), section, key: m[1] ?? "", value, line, lineEnd: end + 1 });
      i = end;
    }
    return out.done();
  },
};

/** Effective value per "Section.Key" after drop-ins, in file order; "" assignments reset. */
export function unitSettings(records: UnitSettingRecord[]): Record<string, UnitSettingRecord> {
  const map: Record<string, UnitSettingRecord> = {};
  for (const r of records) {
    const k = `${r.section ?? ""}.${r.key}`;
    if (r.value === "") delete map[k];
    else map[k] = r;
  }
  return map;
}
