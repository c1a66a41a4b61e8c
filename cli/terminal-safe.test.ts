import { describe, expect, it } from "vitest";
import { terminalSafe } from "@/cli/terminal-safe";

describe("terminalSafe", () => {
  it("shows escape sequences and bells as text, keeps tabs, newlines and unicode", () => {
    expect(terminalSafe("host\u001b]0;pwned\u0007name")).toBe("host\\x1b]0;pwned\\x07name");
    expect(terminalSafe("a\tb\nc €")).toBe("a\tb\nc €");
    expect(terminalSafe("\u009b31m")).toBe("\\x9b31m");
  });
});
