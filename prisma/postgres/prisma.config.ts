import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The PostgreSQL path: `npm run prisma -- migrate deploy --config prisma/postgres/prisma.config.ts`
// with DATABASE_URL=postgres://… applies prisma/postgres/migrations through the pg adapter.
// Paths here are relative to this file.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url || !url.startsWith("postgres")) throw new Error("DATABASE_URL=postgres://… is required for the PostgreSQL config");
    return new PrismaPg({ connectionString: url });
  },
});
