import { describe, expect, it } from "vitest";
import { encodeAuditDetail, MAX_DETAIL_CHARS } from "./audit-log";

describe("AuditLog.detail", () => {
  it("is NULL without detail and cut at MAX_DETAIL_CHARS", () => {
    expect(encodeAuditDetail(undefined)).toBeNull();
    expect(encodeAuditDetail({ at: new Date(0), n: 1 })).toBe('{"at":"1970-01-01T00:00:00.000Z","n":1}');
    expect(encodeAuditDetail({ s: "x".repeat(5000) })).toHaveLength(MAX_DETAIL_CHARS);
  });
});
