/**
 * One line of a generic log file (artifact kind `log`: /var/log fallbacks, kubelet,
 * kube-proxy, containerd, dockerd, CNI plugin logs).
 *
 * Output type (sample `I1123 12:00:00.123456   12345 proxier.go:1549] msg`, offset 0):
 *   { line: 3, ts: "2026-11-23T12:00:00.123456Z", epochMs: 1795435200123, format: "klog",
 *     level: "info", pid: 12345, source: "proxier.go:1549", message: "msg" }
 * Lines without a stamp (multi-line messages, iptables-restore error text) are records with
 * ts null and `continues` = the line of the stamped record above them.
 */
import type { LogLevel } from "@/lib/parsers/logs/level";

export type LogFormat = "syslog" | "rfc5424" | "iso" | "klog" | "logfmt" | "golog" | "json" | "zap" | "cri" | "dmesg";

export interface LogRecord {
  line: number;
  ts: string | null;
  epochMs: number | null;
  /** The stamp as printed, kept only when it could not be placed (year-less, no reference). */
  stamp?: string;
  format?: LogFormat;
  level?: LogLevel;
  host?: string;
  /** syslog tag / RFC 5424 app-name / CRI stream (stdout, stderr). */
  program?: string;
  pid?: number;
  /** klog/zap caller `file.go:123`. */
  source?: string;
  /** For a line without a stamp: the line number of the stamped record it follows. */
  continues?: number;
  message: string;
  truncated?: true;
}
