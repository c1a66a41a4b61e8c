import { getCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { getHealthReport } from "@/lib/queries/get-health-report";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/health – public: 200 when the database answers, 503 otherwise, and nothing else.
// A signed-in engineer or admin (session or API token) also gets the report: database,
// blob store, queue depth and stale leases, workers seen; 503 when the database or store fails.
export async function GET(request: Request) {
  const caller = await getCaller(request.headers).catch(() => null);
  if (caller) {
    const report = await getHealthReport();
    return Response.json(report, { status: report.ok ? 200 : 503, headers: NO_STORE });
  }
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json({ ok: true }, { headers: NO_STORE });
  } catch {
    return Response.json({ ok: false }, { status: 503, headers: NO_STORE });
  }
}
