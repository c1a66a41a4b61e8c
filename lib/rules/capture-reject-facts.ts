/**
 * Tying an answer in a capture to the rule that sent it. A REJECT answers in the server's
 * name: the RST carries the server's address (the ICMP error the router's), but both leave
 * by the interface of the namespace where the rule runs, so its MAC names that namespace.
 * Shared by the capture rules for refused (RST) and ICMP-rejected connections.
 */
import { addressOwners } from "@/lib/rules/capture-facts";
import { netnsLabel } from "@/lib/model/lookup";
import { dropRulesHitIds, rejectListeningPortId, rejectsOnPath, rejectsWithReset, type RuleOnPath, type TcpTarget } from "@/lib/rules/reject-facts";
import type { RuleContext } from "@/lib/rules/types";

export interface AnsweringReject extends RuleOnPath {
  netns: number;
}

/**
 * REJECT rules in the namespaces that own the answering MACs that a SYN to the target can
 * hit, answering with a TCP reset or with an ICMP error as the capture shows (at most 3).
 */
export function rejectsAnswering(ctx: RuleContext, target: TcpTarget, netns: Iterable<number>, answer: "tcp-reset" | "icmp"): AnsweringReject[] {
  const out: AnsweringReject[] = [];
  for (const inode of new Set(netns)) {
    const view = ctx.index.netnsByInode.get(inode);
    if (!view) continue;
    for (const r of rejectsOnPath(view, target)) if (rejectsWithReset(r.rule) === (answer === "tcp-reset")) out.push({ ...r, netns: inode });
  }
  return out.slice(0, 3);
}

/** Does a socket listen on the port in a namespace that holds the address? */
export function listensAt(ctx: RuleContext, ip: string, port: number): boolean {
  return addressOwners(ctx, ip).some((o) => ctx.index.netnsByInode.get(o.netns)?.sockets.some((s) => s.proto === "tcp" && /^LISTEN/i.test(s.state) && s.localPort === port));
}

/** "netns X, forwarding to IP, answers with its FW rule `…` (reached FORWARD -> FW), which sends the RST in the server's name." */
export function describeRejects(ctx: RuleContext, ip: string, rejects: AnsweringReject[], answer: "RST" | "ICMP error"): string {
  return rejects
    .map((f) => {
      const path = f.jumps.length ? ` (reached ${[...f.jumps.map((j) => j.chain), f.rule.chain].join(" -> ")})` : "";
      const where = f.hook === "FORWARD" ? `forwarding to ${ip}, ` : "";
      return `${netnsLabel(ctx.index, f.netns)}, ${where}answers with its ${f.rule.chain} rule \`${f.rule.text}\`${path}, which sends the ${answer}${answer === "RST" ? " in the server's name" : ""}.`;
    })
    .join(" ");
}

/** The findings about the answering rule: the REJECT on a listening port (forwarded: per listener netns), else its hit counters. */
export function rejectCauseIds(ctx: RuleContext, ip: string, port: number, f: AnsweringReject): string[] {
  const view = ctx.index.netnsByInode.get(f.netns)!;
  const listeners = f.hook === "FORWARD" ? addressOwners(ctx, ip).map((o) => rejectListeningPortId(view, f.rs, f.rule, port, o.netns)) : [rejectListeningPortId(view, f.rs, f.rule, port)];
  return [...listeners, ...dropRulesHitIds(view, f.rs, f.rule)];
}
