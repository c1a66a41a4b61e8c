import fs from "node:fs";
import path from "node:path";
import { errorResponse } from "@/lib/errors";
import { linkProblemResponse } from "@/lib/http/problem-page";
import { resolveUploadLink } from "@/lib/links/upload-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const SCRIPT = path.join(process.cwd(), "collector-script", "netbundle-collect.sh");

// GET /u/[token]/collector.sh – public while the link is valid: the collector script, so a
// node that can reach this server needs nothing else to collect and upload.
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    await resolveUploadLink((await params).token);
    const body = await fs.promises.readFile(SCRIPT);
    return new Response(body, {
      headers: { "content-type": "text/x-shellscript; charset=utf-8", "content-disposition": 'attachment; filename="netbundle-collect.sh"', "cache-control": "no-store" },
    });
  } catch (e) {
    return linkProblemResponse(e, request, { gone: "This upload link is no longer valid", missing: "Upload link not found" }) ?? errorResponse(e);
  }
}
