/**
 * Severity in one vocabulary (syslog's eight names) whatever the source printed: journald
 * PRIORITY 0-7, klog's I/W/E/F letter, logrus/zap `level=`, `[ERROR]`-style words.
 *
 * Why the message beats PRIORITY: kube-proxy and kubelet write klog to stderr, which
 * journald stores at PRIORITY=6 for every line; the klog letter is the real severity.
 */
import { digitsAt } from "@/lib/time/civil";

export type LogLevel = "emerg" | "alert" | "crit" | "error" | "warning" | "notice" | "info" | "debug";

const BY_PRIORITY: LogLevel[] = ["emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"];

export function levelFromPriority(p: number | undefined): LogLevel | undefined {
  return p === undefined ? undefined : BY_PRIORITY[p];
}

const WORDS: Record<string, LogLevel> = {
  panic: "emerg", emerg: "emerg", emergency: "emerg", alert: "alert", fatal: "crit", crit: "crit", critical: "crit",
  error: "error", err: "error", eror: "error", warning: "warning", warn: "warning", notice: "notice",
  info: "info", information: "info", informational: "info", debug: "debug", trace: "debug", dbug: "debug",
};

/** Normalise a level word ("WARN", "Warning", "err") or undefined when it is not one. */
export function normalizeLevel(word: string): LogLevel | undefined {
  return word.length > 13 ? undefined : WORDS[word.toLowerCase()];
}

const KLOG: Record<string, LogLevel> = { I: "info", W: "warning", E: "error", F: "crit" };

/** klog header `E1123 12:00:00.000000 ...`: level letter + MMDD + space + hh: */
export function klogLevel(msg: string): LogLevel | undefined {
  const l = KLOG[msg[0] ?? ""];
  if (!l || digitsAt(msg, 1, 4) < 0 || msg[5] !== " " || msg[8] !== ":") return undefined;
  return l;
}

const LEADING_WORD = /^\[?([A-Za-z]{3,11})\]?(?::| |$)/;

/**
 * Level a message announces about itself, looking only at its first ~200 chars:
 * klog letter, `level=x` / `"level":"x"`, or a leading `[ERROR]` / `WARN:` word.
 */
export function levelFromMessage(msg: string): LogLevel | undefined {
  const k = klogLevel(msg);
  if (k) return k;
  const head = msg.length > 200 ? msg.slice(0, 200) : msg;
  let i = head.indexOf("level=");
  if (i >= 0 && (i === 0 || head[i - 1] === " ")) return normalizeLevel(readWord(head, i + 6));
  i = head.indexOf('"level":"');
  if (i >= 0) return normalizeLevel(readWord(head, i + 9));
  const m = LEADING_WORD.exec(head);
  if (m && m[1] && m[1].toUpperCase() === m[1]) return normalizeLevel(m[1]);
  return undefined;
}

function readWord(s: string, i: number): string {
  let p = i;
  if (s[p] === '"') p++;
  let e = p;
  while (e < s.length && /[A-Za-z]/.test(s[e] ?? "")) e++;
  return s.slice(p, e);
}
