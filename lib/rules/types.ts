/**
 * A diagnostic rule: NodeModel in, zero or more findings out (STYLE habit 11).
 * Each rule states which artifacts it needs; when none of a need's kinds was collected the
 * rule is not run and is listed under `notEvaluated` with the reason, so "no finding"
 * never silently means "could not look".
 */
import type { NodeModel } from "@/lib/model/types";
import type { Finding, Severity } from "@/lib/rules/finding";
import type { ModelIndex } from "@/lib/model/lookup";

export interface ArtifactNeed {
  /** Any one of these artifact kinds satisfies the need. */
  kinds: string[];
  /** Shown when missing, e.g. "per-netns addresses (ip addr)". */
  what: string;
}

export interface RuleContext {
  model: NodeModel;
  index: ModelIndex;
}

export interface Rule {
  id: string;
  /** Default severity; a finding may raise or lower it with a reason in its text. */
  severity: Severity;
  /** One line: what the rule looks for. */
  summary: string;
  needs: ArtifactNeed[];
  evaluate(ctx: RuleContext): Finding[];
}
