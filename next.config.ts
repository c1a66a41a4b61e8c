import type { NextConfig } from "next";

// Server-only packages with native or WASM parts stay outside the bundler.
const nextConfig: NextConfig = {
  // The AWS SDK is plain JS but large: loaded from node_modules rather than bundled into every server chunk.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "pg-boss", "@aws-sdk/client-s3", "@aws-sdk/lib-storage"],
  poweredByHeader: false,
  // The browser tests build into their own folder so they never clobber `npm start`'s build.
  distDir: process.env.NETBUNDLE_NEXT_DIST_DIR || ".next",
  // Uploads go to a route handler that streams the body itself; no body-size middleware.
  eslint: { ignoreDuringBuilds: true },
  // scripts/test.sh runs `tsc --noEmit` over the whole repo first; checking again in
  // `next build` would only double the build time.
  typescript: { ignoreBuildErrors: true },
  // lib/db.ts loads the generated Prisma client with module.createRequire at run time on
  // purpose; webpack would otherwise rewrite that call into `undefined` and break the server.
  webpack: (config: { module: { parser?: Record<string, Record<string, unknown>> } }) => {
    config.module.parser = { ...config.module.parser, javascript: { ...config.module.parser?.javascript, createRequire: false } };
    return config;
  },
};

export default nextConfig;
