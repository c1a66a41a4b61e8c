import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeJobPayload, encodeJobPayload } from "./job";

describe("Job.payload", () => {
  const schema = z.object({ bundleId: z.string() });
  it("round-trips through the job's schema; text that is not JSON fails it", () => {
    expect(decodeJobPayload(encodeJobPayload({ bundleId: "b1" }), schema)).toMatchObject({ success: true, data: { bundleId: "b1" } });
    expect(decodeJobPayload("{nope", schema).success).toBe(false);
    expect(decodeJobPayload(JSON.stringify({ bundleId: 3 }), schema).success).toBe(false);
  });
});
