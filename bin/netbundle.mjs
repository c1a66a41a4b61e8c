#!/usr/bin/env node
// Entry point of the `netbundle` command. The CLI is TypeScript run through tsx's loader,
// so the repository needs no separate build step for it (tsconfig paths like "@/lib" work).
import { register } from "tsx/esm/api";
import { pathToFileURL } from "node:url";
import path from "node:path";

register({ tsconfig: path.join(import.meta.dirname, "..", "tsconfig.json") });
const { main } = await import(pathToFileURL(path.join(import.meta.dirname, "..", "cli", "main.ts")).href);
process.exitCode = await main(process.argv.slice(2));
