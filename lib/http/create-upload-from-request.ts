import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { tooLarge } from "@/lib/storage/receive-upload";
import { createBundleFromUpload } from "@/lib/commands/create-bundle-from-upload";

/**
 * Turns an upload request into a stored, queued bundle of a case. The body is the raw
 * archive (browser XHR with X-File-Name, or `curl --data-binary @bundle.tar.gz`); multipart
 * is refused rather than buffered, since parsing it here would hold the file in memory.
 * The caller has already decided who may upload where (an engineer, or an upload link).
 */
export async function createUploadFromRequest(
  request: Request,
  to: { caseId: string; maxBytes?: number; uploadLinkId?: string | null; uploadedById?: string | null },
) {
  const maxBytes = Math.min(to.maxBytes ?? env.NETBUNDLE_MAX_UPLOAD_BYTES, env.NETBUNDLE_MAX_UPLOAD_BYTES);
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the bundle as the raw request body (Content-Type: application/octet-stream, X-File-Name header), not multipart");
  }
  const length = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(length) && length > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw new AppError("BAD_REQUEST", "empty upload: send the bundle file as the request body");
  // maxBytes last: a link made when the server allowed more must not lift today's limit.
  return createBundleFromUpload({ body: request.body, fileName: decodeName(request.headers.get("x-file-name")), ...to, maxBytes, ...(Number.isFinite(length) ? { declaredBytes: length } : {}) });
}

function decodeName(raw: string | null): string | null {
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
