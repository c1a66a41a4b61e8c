import { db } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /api/health – public: 200 when the database answers, 503 otherwise. Says nothing else.
export async function GET() {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  } catch {
    return Response.json({ ok: false }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
