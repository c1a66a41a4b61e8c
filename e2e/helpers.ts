import fs from "node:fs";
import { expect, type Page } from "@playwright/test";
import { fixturesFile, type TE2eFixtures } from "./global-setup";

export function fixtures(): TE2eFixtures {
  return JSON.parse(fs.readFileSync(fixturesFile(), "utf8")) as TE2eFixtures;
}

/** Any alert/confirm/prompt means bundle text ran as script: fail the test at once. */
export function failOnDialog(page: Page): void {
  page.on("dialog", async (d) => {
    await d.dismiss().catch(() => {});
    throw new Error(`unexpected dialog (${d.type()}): ${d.message()}`);
  });
  page.on("pageerror", (e) => console.warn("[pageerror]", page.url(), e.message.slice(0, 120)));
}

/** Uploads through the landing page's file picker and waits until ingest has settled. */
export async function uploadThroughPage(page: Page, file: string, settled = /ready|partial/): Promise<string> {
  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(file);
  // An earlier spec may have uploaded the same file: then follow the link to it.
  const dup = page.getByRole("link", { name: "open the existing bundle" });
  await expect(dup.or(page.getByTestId("bundle-host"))).toBeVisible({ timeout: 60_000 });
  if (await dup.isVisible()) await dup.click();
  await page.waitForURL(/\/bundles\/[^/]+$/, { timeout: 60_000 });
  const id = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
  await expect(page.getByTestId("status-badge").first()).toHaveText(settled, { timeout: 90_000 });
  return id;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/** No element produced by the payloads may exist, and no script may be a bare payload. */
export async function expectNoInjected(page: Page): Promise<void> {
  const found = await page.evaluate(() => ({
    imgs: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.scripts).filter((s) => (s.textContent ?? "").trim() === "alert(1)").length,
    onerror: document.querySelectorAll("[onerror]").length,
  }));
  expect(found).toEqual({ imgs: 0, scripts: 0, onerror: 0 });
}
