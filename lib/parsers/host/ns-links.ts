/**
 * host/ns-links.txt: one readlink per namespace link, written by the collector.
 *
 *   /proc/1234/ns/net -> net:[4026532280]
 *   /proc/1234/ns/pid_for_children -> pid:[4026531836]
 *   readlink: /proc/999/ns/net: No such file or directory      <- process exited: warning
 *
 * → NsLinkRecord { pid: 1234, link: "net", type: "net", inode: 4026532280, line: 1 }
 *
 * `link` is the file name (pid_for_children, time_for_children), `type` the namespace type
 * the kernel reports in the target, which is what joins with lsns and mountinfo.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines, toInt } from "@/lib/parsers/common";

export interface NsLinkRecord {
  pid: number;
  link: string;
  type: string;
  inode: number;
  line: number;
}

const LINK_RE = /^\/proc\/(\d+)\/ns\/([a-z_]+)\s*->\s*([a-z_]+):\[(\d+)\]\s*$/;

export const parser: ArtifactParser<NsLinkRecord> = {
  kind: "ns-links",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<NsLinkRecord>();
    splitLines(text).forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      const m = LINK_RE.exec(text);
      const pid = toInt(m?.[1]);
      const inode = toInt(m?.[4]);
      if (m && pid !== undefined && inode !== undefined) {
        out.records.push({ pid, link: m[2] ?? "", type: m[3] ?? "", inode, line });
      } else if (classifyErrorLine(text)) out.warn(text, line);
      else out.skip(line, text);
    });
    return out.done();
  },
};
