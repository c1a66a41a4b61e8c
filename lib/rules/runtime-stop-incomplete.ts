/**
 * Scenario 1: `systemctl stop docker` interrupted (Ctrl-C) or a stop that never finished:
 * the journal shows "Stopping Docker..." with no "Stopped Docker..." before the next start
 * or the end of the log. The daemon's shims are then left behind with their netns.
 */
import type { LogSignal, NodeModel } from "@/lib/model/types";
import type { Finding } from "@/lib/rules/finding";
import { evidenceFromSignal } from "@/lib/model/evidence";
import type { SignalSpec } from "@/lib/stream/signal-matcher";
import { entities } from "@/lib/rules/entities";
import type { Rule } from "@/lib/rules/types";

// The rule pairs every "Stopping" with its "Stopped": it must see all of them, not a sample.
export const RUNTIME_STOP_SIGNALS: SignalSpec[] = [
  { id: "runtime-stopping", keywords: ["Stopping "], pattern: "Stopping (?<unit>Docker Application Container Engine|containerd container runtime|docker\\.service|containerd\\.service)", keep: 50_000 },
  { id: "runtime-stopped", keywords: ["Stopped", "Deactivated successfully"], pattern: "(?:Stopped|Deactivated successfully|Stopped target).*?(?<unit>Docker Application Container Engine|containerd container runtime|docker\\.service|containerd\\.service)|(?<unit2>docker|containerd)\\.service: Deactivated successfully", keep: 50_000 },
  { id: "runtime-started", keywords: ["Started "], pattern: "Started (?<unit>Docker Application Container Engine|containerd container runtime|docker\\.service|containerd\\.service)", keep: 50_000 },
];

function unitOf(s: LogSignal): string {
  const u = s.groups.unit ?? s.groups.unit2 ?? "";
  return /docker/i.test(u) ? "docker" : "containerd";
}

const stopId = (stopping: LogSignal) => `runtime-stop-incomplete:${unitOf(stopping)}:${stopping.ts}`;

/** Each "Stopping" with no "Stopped" before the unit's next start (or the end of the log). */
function incompleteStops(model: NodeModel): { stopping: LogSignal; next: LogSignal | null }[] {
  const events = model.logSignals.filter((s) => s.signal.startsWith("runtime-st") && s.ts).sort((a, b) => (a.ts as string).localeCompare(b.ts as string));
  const out: { stopping: LogSignal; next: LogSignal | null }[] = [];
  const open = new Map<string, LogSignal>();
  for (const ev of events) {
    const unit = unitOf(ev);
    if (ev.signal === "runtime-stopping") open.set(unit, ev);
    else if (ev.signal === "runtime-stopped") open.delete(unit);
    else if (ev.signal === "runtime-started" && open.has(unit)) {
      out.push({ stopping: open.get(unit) as LogSignal, next: ev });
      open.delete(unit);
    }
  }
  for (const stopping of open.values()) out.push({ stopping, next: null });
  return out;
}

/** The ids of this rule's findings: what orphaned shims are explained by. */
export function incompleteStopIds(model: NodeModel): string[] {
  return incompleteStops(model).map((s) => stopId(s.stopping));
}

export const runtimeStopIncompleteRule: Rule = {
  id: "runtime-stop-incomplete",
  severity: "high",
  summary: "A docker/containerd stop that never completed",
  needs: [{ kinds: ["journal", "journal-json", "journal-export"], what: "the systemd journal (docker/containerd units)" }],
  evaluate({ model }) {
    return incompleteStops(model).map(({ stopping, next }) => {
      const unit = unitOf(stopping);
      return {
        id: stopId(stopping),
        ruleId: "runtime-stop-incomplete",
        severity: "high",
        title: `${unit} stop at ${stopping.ts} never completed`,
        explanation:
          `The journal shows ${unit} stopping at ${stopping.ts} but no "Stopped" afterwards` +
          (next ? `; it was started again at ${next.ts}` : " before the end of the log") +
          ". An interrupted stop (Ctrl-C on `systemctl stop`, a kill) leaves the runtime's shims running under PID 1 with their containers' network namespaces; " +
          "their IPs are later reused by new pods.",
        remediation: "Check for orphaned shims and leaked namespaces (related findings); let runtime stops complete, and raise TimeoutStopSec rather than killing the daemon.",
        references: ["https://github.com/moby/moby/issues/31597", "https://github.com/moby/moby/pull/31996"],
        entities: entities({ paths: [stopping.artifact] }),
        evidence: [stopping, ...(next ? [next] : [])].map((s) => evidenceFromSignal(s)),
        ts: stopping.ts ?? undefined,
      } satisfies Finding;
    });
  },
};
