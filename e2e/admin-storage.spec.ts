import { expect, test } from "@playwright/test";
import { failOnDialog, waitForHydration } from "./helpers";

// Admin → Storage: disk use per case and the retention setting, set per case (audited).
test("an admin sees disk use per case and sets a case's retention", async ({ page }) => {
  failOnDialog(page);
  await page.goto("/admin/storage");
  await waitForHydration(page);
  await expect(page.getByTestId("storage-summary")).toContainText("default retention: off");
  const row = page.locator('tr[data-case="unfiled"]');
  await expect(row.getByTestId("case-retention")).toHaveText("kept forever (default)");
  await row.getByLabel(/Retention days for/).fill("7");
  await row.getByRole("button", { name: "Set" }).click();
  await expect(row.getByText("7 days", { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.locator('tr[data-case="unfiled"]').getByTestId("case-retention")).toHaveText("7 days (case setting)");
  await page.locator('tr[data-case="unfiled"]').getByLabel(/Retention days for/).fill("-3");
  await page.locator('tr[data-case="unfiled"]').getByRole("button", { name: "Set" }).click();
  await expect(page.locator('tr[data-case="unfiled"]')).toContainText("whole days");
  // Back to the default, so other specs see the case as they expect.
  await page.locator('tr[data-case="unfiled"]').getByLabel(/Retention days for/).fill("");
  await page.locator('tr[data-case="unfiled"]').getByRole("button", { name: "Set" }).click();
  await expect(page.locator('tr[data-case="unfiled"]').getByText("uses the default")).toBeVisible();
  await page.goto("/admin/audit?action=case-update");
  await expect(page.getByTestId("audit-log")).toContainText('"retentionDays":7');
});
