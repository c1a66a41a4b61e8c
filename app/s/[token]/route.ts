import { errorResponse } from "@/lib/errors";
import { linkProblemResponse } from "@/lib/http/problem-page";
import { resolveIncidentLink } from "@/lib/links/incident-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// GET /s/[token] – public, the address an outside party is sent: a valid link goes on to its
// page; an unknown one answers 404, a revoked or expired one 410, with why.
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    await resolveIncidentLink(token);
    return new Response(null, { status: 303, headers: { location: `/s/${encodeURIComponent(token)}/view`, "cache-control": "no-store" } });
  } catch (e) {
    return linkProblemResponse(e, request, { gone: "This incident link is no longer valid", missing: "Incident link not found" }) ?? errorResponse(e);
  }
}
