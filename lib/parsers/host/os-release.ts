/**
 * /etc/os-release (host/os-release.txt): shell-style KEY=value assignments.
 *
 *   NAME="CentOS Linux"
 *   ID_LIKE="rhel fedora"
 *   VERSION_ID=7
 *
 * → OsReleaseRecord { key: "NAME", value: "CentOS Linux", line: 1 } per assignment;
 *   osReleaseMap(records) → { NAME: "CentOS Linux", ... } for BundleInfo.osRelease.
 *
 * Quirks (os-release(5)): values may be double- or single-quoted or bare; inside double quotes
 * \" \\ \$ \` are escapes; blank lines and # comments are allowed.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";

export interface OsReleaseRecord {
  key: string;
  value: string;
  line: number;
}

const ASSIGN_RE = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

function unquote(raw: string): string | undefined {
  const v = raw.trim();
  if (v.startsWith('"')) {
    if (!v.endsWith('"') || v.length < 2) return undefined;
    return v.slice(1, -1).replace(/\\(["\\$`])/g, "$1");
  }
  if (v.startsWith("'")) return v.length >= 2 && v.endsWith("'") ? v.slice(1, -1) : undefined;
  return v;
}

export const parser: ArtifactParser<OsReleaseRecord> = {
  kind: "os-release",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<OsReleaseRecord>();
    splitLines(text).forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "" || text.trimStart().startsWith("#")) return;
      const m = ASSIGN_RE.exec(text);
      const value = m ? unquote(m[2] ?? "") : undefined;
      if (m && value !== undefined) out.records.push({ key: m[1] ?? "", value, line });
      else if (classifyErrorLine(text)) out.warn(text, line);
      else out.skip(line, text, m ? "unbalanced quotes (truncated?)" : undefined);
    });
    return out.done();
  },
};

export function osReleaseMap(records: OsReleaseRecord[]): Record<string, string> {
  return Object.fromEntries(records.map((r) => [r.key, r.value]));
}
