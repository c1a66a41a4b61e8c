import fs from "node:fs";
import path from "node:path";
import { assertLocalDatabase } from "./assert-local-database";
import { makeScenarioBundle } from "./make-scenario-bundle";
import { makeXssBundle } from "./make-xss-bundle";

export interface TE2eFixtures {
  scenario: string | null;
  scenarioSource: "collector" | "demo" | null;
  /** Name prefix of the namespaces the collector run was given (other tests' namespaces may show up too). */
  scenarioTag: string | null;
  xss: string;
}

export function fixturesFile(): string {
  return path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "fixtures.json");
}

// Guards the database, then prepares the bundles the specs upload.
export default async function globalSetup(): Promise<void> {
  assertLocalDatabase();
  const dir = process.env.NETBUNDLE_E2E_DIR;
  if (!dir) throw new Error("NETBUNDLE_E2E_DIR unset (playwright.config.ts sets it)");
  const out = path.join(dir, "fixtures");
  fs.mkdirSync(out, { recursive: true });
  let scenario: string | null = null;
  let scenarioSource: TE2eFixtures["scenarioSource"] = null;
  let scenarioTag: string | null = null;
  // A real collector run on this machine when we may build namespaces; else the committed demo.
  if (process.getuid?.() === 0 && process.platform === "linux") {
    for (let attempt = 1; attempt <= 2 && !scenario; attempt++) {
      try {
        const made = makeScenarioBundle(out);
        scenario = made.file;
        scenarioTag = made.tag;
        scenarioSource = "collector";
      } catch (e) {
        const err = e as Error & { stderr?: Buffer };
        const tail = err.stderr?.toString().trim().split("\n").slice(-5).join("\n") ?? "";
        console.warn(`e2e: collector run ${attempt} failed: ${err.message}\n${tail}`);
      }
    }
  }
  const demo = path.resolve("e2e/fixtures/demo-bundle.tar.gz");
  if (!scenario && fs.existsSync(demo)) {
    scenario = demo;
    scenarioSource = "demo";
  }
  const fixtures: TE2eFixtures = { scenario, scenarioSource, scenarioTag, xss: makeXssBundle(out) };
  fs.writeFileSync(fixturesFile(), JSON.stringify(fixtures));
}
