import { expect, test } from "@playwright/test";
import { expectNoInjected, failOnDialog, fixtures, shot, uploadThroughPage } from "./helpers";

// Compare two bundles through the picker: a hostile-but-healthy bundle as A, the duplicate-IP
// scenario as B. The summary names the new findings; each links to B's finding page.
test("compare two bundles: summary first, new findings linked to their evidence", async ({ page }) => {
  const fx = fixtures();
  test.skip(!fx.scenario, "no scenario bundle (not root and no e2e/fixtures/demo-bundle.tar.gz)");
  failOnDialog(page);
  const a = await uploadThroughPage(page, fx.xss);
  const b = await uploadThroughPage(page, fx.scenario as string);

  await page.goto("/compare");
  await page.getByTestId("compare-pick-a").selectOption(a);
  await page.getByTestId("compare-pick-b").selectOption(b);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.waitForURL(/\/compare\?a=/);

  const summary = page.getByTestId("compare-summary");
  await expect(summary).toContainText(/\d+ findings? resolved, [1-9]\d* new/);
  await expect(summary).toContainText(/now in 2 namespaces/);
  const added = page.getByTestId("compare-findings-new");
  const dup = added.getByRole("link", { name: /is configured in 2 network namespaces/ }).first();
  await expect(dup).toBeVisible();
  await expectNoInjected(page);
  await shot(page, "compare");
  const title = ((await dup.textContent()) ?? "").trim();
  await dup.click();
  await expect(page.getByTestId("finding-title")).toHaveText(title);
  expect(page.url()).toContain(`/bundles/${encodeURIComponent(b)}/findings/`);
});

test("compare says when a bundle does not exist", async ({ page }) => {
  await page.goto("/compare?a=nope&b=nada");
  await expect(page.getByTestId("compare-missing")).toHaveText("Bundle A does not exist or is not analysed yet.");
});
