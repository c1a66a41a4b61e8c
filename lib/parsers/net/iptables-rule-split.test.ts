import { describe, expect, it } from "vitest";
import { tokenize } from "@/lib/parsers/net/iptables-rule-split";

/** The original regex tokenizer: the reference the hand-rolled quoted path must agree with. */
function reference(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/(?:[^\s"]+|"(?:[^"\\]|\\.)*(?:"|$))+/g)) {
    out.push(m[0].replace(/"((?:[^"\\]|\\.)*)(?:"|$)/g, (_q, inner: string) => inner.replace(/\\"/g, '"')));
  }
  return out;
}

describe("tokenize", () => {
  it("splits a kube-proxy rule with a quoted comment", () => {
    expect(tokenize('-m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -p tcp -j KUBE-SVC-ERIFXISQEP7F7OF4')).toEqual([
      "-m", "comment", "--comment", "kube-system/kube-dns:dns-tcp cluster IP", "-p", "tcp", "-j", "KUBE-SVC-ERIFXISQEP7F7OF4",
    ]);
    expect(tokenize('--comment "say \\"hi\\"" -j ACCEPT')).toEqual(["--comment", 'say "hi"', "-j", "ACCEPT"]);
  });

  it("agrees with the reference on random quoted bodies (adjacent, empty and unclosed quotes, odd blanks)", () => {
    const parts = ["a", "b", " ", " ", '"', "\t", "-", "\u00a0", "\r", "x y", '""'];
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let k = 0; k < 20000; k++) {
      let s = '"';
      for (let j = rnd(14); j > 0; j--) s += parts[rnd(parts.length)];
      expect(tokenize(s), JSON.stringify(s)).toEqual(reference(s));
    }
  });
});
