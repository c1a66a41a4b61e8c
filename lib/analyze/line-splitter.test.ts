import { describe, expect, it } from "vitest";
import { forEachLine } from "@/lib/analyze/line-splitter";

async function* from(parts: (string | Buffer)[]): AsyncIterable<Buffer> {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p);
}

async function lines(parts: (string | Buffer)[], maxLine?: number): Promise<string[]> {
  const out: string[] = [];
  await forEachLine(from(parts), "utf8", (l, n) => out.push(`${n}:${l}`), { maxLine });
  return out;
}

describe("forEachLine", () => {
  it("joins lines split across chunks and numbers them from 1", async () => {
    expect(await lines(["a\nb", "c\n", "d\n\ne"])).toEqual(["1:a", "2:bc", "3:d", "4:", "5:e"]);
  });

  it("decodes a multi-byte character split between two chunks", async () => {
    const euro = Buffer.from("x€y\n");
    expect(await lines([euro.subarray(0, 2), euro.subarray(2)])).toEqual(["1:x€y"]);
  });

  it("cuts an over-long line and drops its rest, within one chunk and across chunks", async () => {
    expect(await lines(["abcdefgh\nok\n"], 4)).toEqual(["1:abcd", "2:ok"]);
    expect(await lines(["abc", "def", "ghi", "jk\nok\n"], 4)).toEqual(["1:abcd", "2:ok"]);
  });

  it("gives no line for an empty stream and no extra line after a final newline", async () => {
    expect(await lines([])).toEqual([]);
    expect(await lines(["a\n"])).toEqual(["1:a"]);
  });
});
