import fs from "node:fs";
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { ANONYMOUS, BASE } from "./e2e-env";
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

/**
 * A context that has never signed in (or, with storageState, somebody's saved session). Specs'
 * own `page` is the admin's (playwright.config.ts); everybody else gets one of these.
 */
export async function freshContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: BASE, storageState: ANONYMOUS, ...options });
}

/**
 * Waits until React has hydrated the page: the header's theme toggle reads "Theme" in the
 * server HTML and "Dark"/"Light" once its effect ran. Before that a click on a client form
 * would be a plain HTML submit, and a file input's change would go unnoticed.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.getByTestId("theme-toggle")).toHaveText(/^(Dark|Light)$/);
}

/** Signs in through the sign-in form (e-mail + password) and waits for the signed-in header. */
export async function signInThroughForm(page: Page, email: string, password: string, next = "/"): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await waitForHydration(page);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("account-link")).toHaveText(email);
}

/**
 * Uploads through the bundles page's file picker (into Unfiled) and waits until ingest has
 * settled: the status badge, then (two-phase ingest) the timeline too, once it has not failed.
 */
export async function uploadThroughPage(page: Page, file: string, settled = /ready|partial/): Promise<string> {
  await page.goto("/bundles");
  await page.getByTestId("file-input").setInputFiles(file);
  // An earlier spec may have uploaded the same file: then follow the link to it.
  const dup = page.getByRole("link", { name: "open the existing bundle" });
  await expect(dup.or(page.getByTestId("bundle-host"))).toBeVisible({ timeout: 60_000 });
  if (await dup.isVisible()) await dup.click();
  await page.waitForURL(/\/bundles\/[^/]+$/, { timeout: 60_000 });
  const id = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
  await expect(page.getByTestId("status-badge").first()).toHaveText(settled, { timeout: 90_000 });
  await expect(page.getByTestId("timeline-loading")).toHaveCount(0, { timeout: 90_000 });
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
