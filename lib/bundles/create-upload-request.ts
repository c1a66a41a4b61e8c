import "server-only";
import crypto from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { tooLarge } from "@/lib/storage/receive-upload";
import { createBundleFromUpload, type TCreateBundleResult } from "./create-bundle-from-upload";

/**
 * Turns an upload request into a stored, queued bundle. The body is the raw archive
 * (browser XHR with X-File-Name, or `curl --data-binary @bundle.tar.gz`); multipart is
 * refused rather than buffered, since parsing it here would hold the file in memory.
 * With NETBUNDLE_UPLOAD_TOKEN set, a request carrying `Authorization: Bearer …` must match.
 */
export async function createUploadFromRequest(request: Request): Promise<TCreateBundleResult> {
  const auth = request.headers.get("authorization");
  if (auth !== null && env.NETBUNDLE_UPLOAD_TOKEN) {
    const given = Buffer.from(auth.replace(/^Bearer\s+/i, ""));
    const want = Buffer.from(env.NETBUNDLE_UPLOAD_TOKEN);
    if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) throw new AppError("UNAUTHORIZED", "Invalid upload token");
  }
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the bundle as the raw request body (Content-Type: application/octet-stream, X-File-Name header), not multipart");
  }
  const length = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(length) && length > env.NETBUNDLE_MAX_UPLOAD_BYTES) throw tooLarge(env.NETBUNDLE_MAX_UPLOAD_BYTES);
  if (!request.body) throw new AppError("BAD_REQUEST", "empty upload: send the bundle file as the request body");
  return createBundleFromUpload({ body: request.body, fileName: decodeName(request.headers.get("x-file-name")) });
}

function decodeName(raw: string | null): string | null {
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
