import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { failOnDialog, fixtures, uploadThroughPage } from "./helpers";

test("an oversized upload shows the server's size-limit message", async ({ page }) => {
  failOnDialog(page);
  const big = path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "too-big.tar.gz");
  fs.writeFileSync(big, Buffer.alloc(17 * 1024 * 1024, 7)); // limit is 16 MiB in playwright.config.ts
  await page.goto("/bundles");
  await page.getByTestId("file-input").setInputFiles(big);
  await expect(page.getByTestId("upload-error")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("upload-error")).toContainText(/large|limit|exceed|413/i);
  expect(page.url()).not.toContain("/bundles/");
});

test("uploading the same bundle twice links to the existing one", async ({ page }) => {
  failOnDialog(page);
  const { xss } = fixtures();
  const id = await uploadThroughPage(page, xss, /ready|partial|failed/); // first time, or already there
  await page.goto("/bundles");
  await page.getByTestId("file-input").setInputFiles(xss);
  const link = page.getByRole("link", { name: "open the existing bundle" });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(`/bundles/${encodeURIComponent(id)}`);
});

test("an upload in flight shows progress and can be cancelled", async ({ page }) => {
  failOnDialog(page);
  const { xss } = fixtures();
  // Hold the request so the upload stays in flight until the user cancels it.
  let release: () => void = () => {};
  await page.route(/\/api\/bundles(\?|$)/, (route) => new Promise<void>((r) => (release = r)).then(() => route.abort().catch(() => {})));
  await page.goto("/bundles");
  await page.getByTestId("file-input").setInputFiles(xss);
  await expect(page.getByTestId("upload-progress")).toBeVisible();
  await expect(page.getByTestId("upload-progress")).toContainText(/KiB|B \//);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("upload-progress")).toHaveCount(0);
  await expect(page.getByTestId("upload-error")).toHaveCount(0);
  expect(page.url()).not.toContain("/bundles/");
  release();
});
