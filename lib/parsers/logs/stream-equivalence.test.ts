import { describe, expect, it } from "vitest";
import { listFixtures, loadFixture } from "@/test/support/golden";
import { LOG_PARSERS, LOG_SINKS } from "@/lib/parsers/logs";
import { runSink, type LogArtifactParser, type RecordSink } from "@/lib/parsers/logs/sink-base";

// stream() and the onRecord sinks must give exactly what parse() gives, for every fixture of
// every kind (runSink splits on LF only, so CRLF fixtures also check CR handling in push()).
describe("stream() and parse() agree on every fixture", () => {
  for (const parser of LOG_PARSERS as readonly LogArtifactParser<unknown>[]) {
    for (const name of listFixtures(parser.kind)) {
      it(name, () => {
        const text = loadFixture(name);
        const expected = parser.parse(text, { path: name });
        const viaStream = runSink(parser.stream({ path: name }), text);
        expect(viaStream).toEqual(expected);
        const drained: unknown[] = [];
        const make = LOG_SINKS[parser.kind as keyof typeof LOG_SINKS] as (o: { path: string; onRecord: (r: unknown) => void }) => RecordSink<unknown>;
        const withCb = runSink(make({ path: name, onRecord: (r) => drained.push(r) }), text);
        expect(drained).toEqual(expected.records);
        expect(withCb.records).toEqual([]);
        expect(withCb.recordCount).toBe(expected.recordCount);
      });
    }
  }
});
