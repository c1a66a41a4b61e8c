import "server-only";
import path from "node:path";
import { z } from "zod";

// Checked once at start-up; everything else imports `env`, never process.env (STYLE habit 2).
const GIB = 1024 ** 3;

export const ZEnv = z.object({
  NETBUNDLE_DATA_DIR: z.string().min(1).default("data"),
  /** Empty: the embedded SQLite file under the data dir. postgres://…: the PostgreSQL path. */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined))
    .refine((v) => v === undefined || /^(postgres(ql)?:\/\/|file:)/.test(v), {
      message: "DATABASE_URL must be postgres://… or file:… (or unset for the embedded SQLite file)",
    }),
  NETBUNDLE_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(2 * GIB),
  /** Uploads are refused (507) when they would leave less free space than this on the data disk. */
  NETBUNDLE_DISK_RESERVE_BYTES: z.coerce.number().int().min(0).default(1 * GIB),
  /** Uploads in flight at once per user or upload link; more are refused with 429. */
  NETBUNDLE_UPLOADS_PER_CREDENTIAL: z.coerce.number().int().min(1).default(2),
  /** Bundles uploaded more than this many days ago are deleted (with their files) by the retention job; 0: kept forever. A case can override it. */
  NETBUNDLE_RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).default(0),
  /** How often the worker runs the retention job (which also measures each bundle's disk use). */
  NETBUNDLE_RETENTION_INTERVAL_MS: z.coerce.number().int().min(10_000).default(3600_000),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The first admin, created at start when no user exists (else admin@netbundle.localhost, random password). */
  NETBUNDLE_ADMIN_EMAIL: z.string().email().optional(),
  NETBUNDLE_ADMIN_PASSWORD: z.string().min(12, "NETBUNDLE_ADMIN_PASSWORD: at least 12 characters").optional(),
  /** Public URL of the server (https://support.example.com): links, OIDC callbacks, the origin check. */
  NETBUNDLE_BASE_URL: z.string().url().optional(),
  /** Key for session cookies; unset: a random one kept in the data dir (auth-secret, 0600). */
  NETBUNDLE_AUTH_SECRET: z.string().min(32).optional(),
  /** OpenID Connect sign-in: issuer URL (its /.well-known/openid-configuration is read), client id and secret. */
  NETBUNDLE_OIDC_ISSUER: z.string().url().optional(),
  NETBUNDLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  NETBUNDLE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Name on the sign-in button. */
  NETBUNDLE_OIDC_NAME: z.string().min(1).default("single sign-on"),
  /** ID-token / userinfo claim holding "admin" or "engineer" (or a list containing one); absent: engineer. */
  NETBUNDLE_OIDC_ROLE_CLAIM: z.string().min(1).default("netbundle_role"),
  /** Blobs in an S3-compatible bucket instead of the data dir (set the bucket to turn it on); endpoint empty: AWS. */
  NETBUNDLE_S3_BUCKET: z.string().min(3).optional(),
  NETBUNDLE_S3_ENDPOINT: z.string().url().optional(),
  NETBUNDLE_S3_REGION: z.string().min(1).default("us-east-1"),
  /** Unset: the SDK's own credential chain (env, instance role). */
  NETBUNDLE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  NETBUNDLE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** "1" for servers that do not serve bucket names as host names (MinIO, Ceph, s3rver). */
  NETBUNDLE_S3_FORCE_PATH_STYLE: z.enum(["0", "1"]).default("0"),
  /** Each analysis runs in its own process (lib/ingest/child) with these budgets; one that exceeds any fails for good with the reason. */
  NETBUNDLE_INGEST_MEMORY_MIB: z.coerce.number().int().min(64).default(2048),
  NETBUNDLE_INGEST_CPU_SECONDS: z.coerce.number().int().min(1).default(600),
  NETBUNDLE_INGEST_WALL_SECONDS: z.coerce.number().int().min(1).default(1800),
  /** Jobs (analyses) a worker runs at once; each takes up to NETBUNDLE_INGEST_MEMORY_MIB. */
  NETBUNDLE_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** "0" keeps the in-process worker off (e.g. when separate worker processes run). */
  NETBUNDLE_WORKER: z.enum(["0", "1"]).default("1"),
});
export type TEnv = z.infer<typeof ZEnv> & { dataDir: string; dbKind: "sqlite" | "postgres"; sqliteFile: string };

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.NETBUNDLE_DATA_DIR);
  const url = e.DATABASE_URL;
  const dbKind = url && url.startsWith("postgres") ? "postgres" : "sqlite";
  const sqliteFile = url?.startsWith("file:") ? url.slice("file:".length) : path.join(dataDir, "netbundle.db");
  return { ...e, dataDir, dbKind, sqliteFile };
}

export const env: TEnv = parseEnv(process.env);
