import { expect, test } from "@playwright/test";
import { XSS } from "./make-xss-bundle";
import { expectNoInjected, failOnDialog, fixtures, shot, uploadThroughPage } from "./helpers";

// Bundle text is hostile: every page must show payloads as text and never run them.
test("script and img payloads in a bundle render as inert text", async ({ page }) => {
  failOnDialog(page);
  const id = await uploadThroughPage(page, fixtures().xss, /ready|partial|failed/);
  const base = `/bundles/${encodeURIComponent(id)}`;

  await page.goto("/bundles");
  await expect(page.getByTestId("bundle-list")).toContainText(XSS.host);
  await expectNoInjected(page);

  await page.goto(base);
  await expect(page.getByTestId("bundle-host")).toHaveText(XSS.host);
  await expect(page.getByTestId("not-collected")).toContainText(XSS.img); // missing tool name
  await expect(page.getByTestId("host-facts")).toContainText(XSS.img); // os-release PRETTY_NAME
  await page.waitForTimeout(300); // let a broken image's onerror fire if one existed
  await expectNoInjected(page);
  await shot(page, "10-xss-overview");

  for (const tab of ["findings", "timeline", "netns", "packets", "artifacts"]) {
    await page.goto(`${base}/${tab}`);
    await page.waitForLoadState("networkidle");
    await expectNoInjected(page);
  }

  // The bundle carries one real capture: flows table, anomalies and a ladder are drawn.
  await page.goto(`${base}/packets`);
  await expect(page.getByTestId("flows-table")).toBeVisible();
  await expect(page.getByTestId("flows-table")).toContainText("refused");
  await expect(page.getByTestId("flow-ladder")).toContainText("SYN");
  await shot(page, "12-packets");

  await page.goto(`${base}/timeline?q=${encodeURIComponent("onerror")}`);
  await expect(page.getByTestId("timeline-total")).toHaveText(/events$/);
  await expectNoInjected(page);

  // The artifact whose file name is an <img> tag, reached through the tree.
  await page.goto(`${base}/artifacts`);
  const fileLink = page.getByTestId("artifact-tree").getByRole("link", { name: `${XSS.img}.log` });
  await expect(fileLink).toBeVisible();
  await fileLink.click();
  await expect(page.getByTestId("artifact-path")).toHaveText(`logs/files/${XSS.img}.log`);
  await expect(page.getByTestId("artifact-lines")).toContainText(XSS.img);
  await page.waitForTimeout(300);
  await expectNoInjected(page);
  await shot(page, "11-xss-artifact");

  await page.goto(`${base}/artifacts/logs/journal/kernel.txt?line=2#L2`);
  await expect(page.locator("tr#L2")).toContainText(XSS.host);
  await expectNoInjected(page);
});
