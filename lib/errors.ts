import "server-only";
import { ZodError } from "zod";

// One error type and one translator (STYLE habit 4): route handlers throw AppError with a
// code from this table and funnel every error through errorResponse().
export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  INSUFFICIENT_STORAGE: 507,
} as const;
export type TErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: TErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** zod → 422, AppError → its status, anything else logged and returned as a bare 500. */
export function errorResponse(e: unknown): Response {
  if (e instanceof ZodError) {
    const issues = e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return Response.json({ error: { code: "UNPROCESSABLE", message: "Invalid input", issues } }, { status: 422 });
  }
  if (e instanceof AppError) {
    // a refusal that says when to come back says it the standard way too (RFC 9110 Retry-After)
    const retryAfter = typeof e.details?.retryAfter === "number" ? { "retry-after": String(e.details.retryAfter) } : undefined;
    return Response.json({ error: { code: e.code, message: e.message, ...e.details } }, { status: e.status, headers: retryAfter });
  }
  console.error("[api] unexpected error", e);
  return Response.json({ error: { code: "INTERNAL", message: "Internal server error" } }, { status: 500 });
}

/**
 * The message a server action shows in its form for an expected failure: zod's issues
 * ("field: why") or an AppError's text. Anything else is a bug and is thrown on.
 */
export function actionErrorMessage(e: unknown): string {
  if (e instanceof ZodError) return e.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  if (e instanceof AppError) return e.message;
  throw e;
}
