import { expect, test } from "@playwright/test";
import { failOnDialog, fixtures, uploadThroughPage } from "./helpers";

// App shell: the theme choice survives a reload and is applied before first paint.
test("dark mode toggle persists without a light flash", async ({ page }) => {
  failOnDialog(page);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  // Read the class as soon as the document is parsed, before React hydrates.
  await page.reload({ waitUntil: "domcontentloaded" });
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe("rgb(255, 255, 255)");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test("lists are keyboard navigable: j/k move, Enter opens", async ({ page }) => {
  failOnDialog(page);
  const id = await uploadThroughPage(page, fixtures().xss, /ready|partial|failed/);
  await page.goto("/bundles");
  const rows = page.locator("[data-kbd-list] [data-kbd-item]");
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press("j");
  await expect(rows.first()).toHaveAttribute("data-kbd-active", "true");
  await page.keyboard.press("k");
  await expect(rows.first()).toHaveAttribute("data-kbd-active", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/bundles\/[^/]+$/);
  expect(id).not.toBe("");
});
