import { describe, expect, it } from "vitest";
import { withTempDatabase, type TempDatabase } from "@/test/support/db/temp-database";

/**
 * The list routes answer a page at a time on a real database: GET /api/bundles walks 250
 * bundles (many sharing one upload instant, so the id must break ties) in pages by its
 * `next` cursor, each bundle once, newest first; GET /api/bundles/ID/artifacts walks a folder;
 * findings and cases page too. Run by test/routes/list-pagination.{sqlite,pg}.test.ts.
 */
export function listPaginationTests(title: string, create: () => Promise<TempDatabase>) {
  const t = withTempDatabase(
    create,
    async () => ({
      db: await import("@/lib/db"),
      bundles: await import("@/app/api/bundles/route"),
      artifacts: await import("@/app/api/bundles/[bundleId]/artifacts/route"),
      tokens: await import("@/lib/auth/api-tokens"),
      findings: await import("@/lib/queries/list-findings"),
      cases: await import("@/lib/cases/cases"),
    }),
  );
  const auth: Record<string, string> = {};
  const N = 250;

  async function getJson<T>(handler: (r: Request, ctx: { params: Promise<{ bundleId: string }> }) => Promise<Response>, url: string, bundleId = ""): Promise<{ status: number; body: T }> {
    const res = await handler(new Request(url, { headers: auth }), { params: Promise.resolve({ bundleId }) });
    return { status: res.status, body: (await res.json()) as T };
  }

  describe(title, () => {
    it("GET /api/bundles pages by cursor, each bundle once, newest first", async () => {
      const db = t.mods().db.db;
      await db.user.create({ data: { id: "u1", name: "Eng", email: "eng@example.test", role: "engineer" } });
      auth.authorization = `Bearer ${(await t.mods().tokens.createApiToken({ userId: "u1", name: "lists", by: { type: "system" } })).token}`;
      const T0 = Date.UTC(2026, 11, 1);
      await db.bundle.createMany({
        data: Array.from({ length: N }, (_, i) => ({ id: `b${String(i).padStart(4, "0")}`, caseId: "unfiled", sha256: String(i).padStart(64, "0"), fileName: `f${i}.tar.gz`, sizeBytes: 1, status: i % 5 === 0 ? "failed" : "ready", uploadedAt: new Date(T0 + Math.floor(i / 10) * 1000) })),
      });
      const GET = (url: string) => getJson<{ bundles: { id: string }[]; next: string | null }>((r) => t.mods().bundles.GET(r), url);
      const seen: string[] = [];
      let url = "http://localhost/api/bundles?limit=40";
      for (let pages = 0; pages < 20; pages++) {
        const { status, body } = await GET(url);
        expect(status).toBe(200);
        expect(body.bundles.length).toBeLessThanOrEqual(40);
        seen.push(...body.bundles.map((b) => b.id));
        if (!body.next) break;
        url = `http://localhost/api/bundles?limit=40&before=${encodeURIComponent(body.next)}`;
      }
      const expected = Array.from({ length: N }, (_, i) => `b${String(i).padStart(4, "0")}`).reverse();
      expect(seen).toEqual(expected);
      expect((await GET("http://localhost/api/bundles")).body.bundles).toHaveLength(100); // the default page
      const failed = await GET("http://localhost/api/bundles?status=failed&limit=20");
      expect(failed.body.bundles.map((b) => b.id)).toEqual(expected.filter((id) => Number(id.slice(1)) % 5 === 0).slice(0, 20));
      expect((await GET("http://localhost/api/bundles?case=nosuch")).body.bundles).toEqual([]);
      expect((await GET("http://localhost/api/bundles?limit=100000")).status).toBe(422);
    });

    it("GET /api/bundles/ID/artifacts pages a folder, checks its input and the bundle", async () => {
      const db = t.mods().db.db;
      await db.artifact.createMany({ data: Array.from({ length: 450 }, (_, i) => ({ bundleId: "b0001", path: `logs/f${String(i).padStart(3, "0")}.log`, sizeBytes: 1 })) });
      const GET = (url: string, id = "b0001") => getJson<{ entries: { path: string; type: string }[]; next: string | null }>((r, c) => t.mods().artifacts.GET(r, c), url, id);
      const root = await GET("http://localhost/api/bundles/b0001/artifacts");
      expect(root.body.entries).toEqual([{ type: "dir", name: "logs", path: "logs/" }]);
      const paths: string[] = [];
      let url = "http://localhost/api/bundles/b0001/artifacts?dir=logs/";
      for (let pages = 0; pages < 10; pages++) {
        const { body } = await GET(url);
        expect(body.entries.length).toBeLessThanOrEqual(200);
        paths.push(...body.entries.map((e) => e.path));
        if (!body.next) break;
        url = `http://localhost/api/bundles/b0001/artifacts?dir=logs/&after=${encodeURIComponent(body.next)}`;
      }
      expect(paths).toHaveLength(450);
      expect(new Set(paths).size).toBe(450);
      expect((await GET("http://localhost/api/bundles/b0001/artifacts?dir=/etc")).status).toBe(422);
      expect((await GET("http://localhost/api/bundles/nosuch/artifacts", "nosuch")).status).toBe(404);
      delete auth.authorization;
      expect((await GET("http://localhost/api/bundles/b0001/artifacts")).status).toBe(401);
    });

    it("findings come a page at a time, counted per severity without sending rows", async () => {
      const db = t.mods().db.db;
      const SEV = ["critical", "high", "medium", "low", "info"];
      await db.finding.createMany({
        data: Array.from({ length: 1200 }, (_, i) => ({ bundleId: "b0002", key: `k${String(i).padStart(4, "0")}`, ruleId: "r", severity: SEV[i % 5]!, severityRank: i % 5, title: "t", explanation: "e", remediation: "r", references: "[]", entities: "{}", evidence: "[]" })),
      });
      const f = t.mods().findings;
      expect(await f.countFindingsBySeverity({ bundleId: "b0002" })).toEqual({ total: 1200, bySeverity: { critical: 240, high: 240, medium: 240, low: 240, info: 240 } });
      const first = await f.listFindings({ bundleId: "b0002" });
      expect(first).toHaveLength(f.FINDINGS_PAGE_MAX);
      const keys = [...first, ...(await f.listFindings({ bundleId: "b0002", offset: 500 })), ...(await f.listFindings({ bundleId: "b0002", offset: 1000 }))].map((x) => x.key);
      expect(new Set(keys).size).toBe(1200);
      const top = await f.listFindings({ bundleId: "b0002", maxRank: 1, take: 8 });
      expect(top.map((x) => x.severity)).toEqual(Array(8).fill("critical"));
      expect((await f.listFindings({ bundleId: "b0002", severity: "high", offset: 200 })).map((x) => x.severity)).toEqual(Array(40).fill("high"));
    });

    it("cases come a page at a time, each once, though they share an update instant", async () => {
      const at = new Date(Date.UTC(2026, 11, 2));
      await t.mods().db.db.case.createMany({ data: Array.from({ length: 130 }, (_, i) => ({ id: `case${String(i).padStart(3, "0")}`, title: `Case ${i}`, updatedAt: at })) });
      const { listCases } = t.mods().cases;
      const ids = [...(await listCases({ limit: 100 })), ...(await listCases({ limit: 100, offset: 100 }))].map((c) => c.id);
      expect(ids.filter((id) => id.startsWith("case"))).toHaveLength(130);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });
}
