// Preloaded into `next start` (scripts/start.sh: NODE_OPTIONS=--require). Next makes its
// http.Server with Node's defaults, whose requestTimeout (300 s for the WHOLE request) cuts
// any upload that takes longer: a 2 GiB bundle over a slow line. Uploads are bounded by
// idleness instead: no total limit, but a connection that sends nothing for
// NETBUNDLE_HTTP_IDLE_MS (default 120 s) is closed, and headers must arrive within 60 s.
"use strict";
const http = require("node:http");

const idle = Number(process.env.NETBUNDLE_HTTP_IDLE_MS || 120_000);
const createServer = http.createServer;
http.createServer = function createServerWithIdleTimeout(...args) {
  const server = createServer.apply(this, args);
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.setTimeout(idle, (socket) => socket.destroy());
  return server;
};
