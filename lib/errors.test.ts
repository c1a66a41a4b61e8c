import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

vi.mock("server-only", () => ({}));
import { AppError, errorResponse } from "./errors";
import { parseEnv } from "./env";

describe("errorResponse", () => {
  it("maps AppError to its status with code and message", async () => {
    const r = errorResponse(new AppError("PAYLOAD_TOO_LARGE", "too big", { maxBytes: 5 }));
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: "too big", maxBytes: 5 } });
  });

  it("maps zod errors to 422 with the failing paths", async () => {
    const e = z.object({ n: z.number() }).safeParse({ n: "x" }).error;
    const r = errorResponse(e);
    expect(r.status).toBe(422);
    expect(((await r.json()) as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe("n");
  });

  it("hides anything else behind a bare 500", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const r = errorResponse(new Error("secret /etc/shadow detail"));
    expect(r.status).toBe(500);
    expect(JSON.stringify(await r.json())).not.toContain("secret");
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe("parseEnv", () => {
  it("defaults to embedded SQLite under ./data with a 2 GiB upload limit", () => {
    const e = parseEnv({});
    expect(e.dbKind).toBe("sqlite");
    expect(e.sqliteFile.endsWith("/data/netbundle.db")).toBe(true);
    expect(e.NETBUNDLE_MAX_UPLOAD_BYTES).toBe(2 * 1024 ** 3);
    expect(e.PORT).toBe(3000);
  });

  it("picks PostgreSQL from DATABASE_URL and rejects nonsense", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1:5/x" }).dbKind).toBe("postgres");
    expect(parseEnv({ DATABASE_URL: "" }).dbKind).toBe("sqlite");
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ NETBUNDLE_MAX_UPLOAD_BYTES: "-1" })).toThrow(/NETBUNDLE_MAX_UPLOAD_BYTES/);
  });
});
