import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { failOnDialog, uploadThroughPage } from "./helpers";

/**
 * A bundle with 450 files in one folder (and host/uname.txt) gets the lazy tree: the page carries only the top
 * level; a folder's children come from /api/bundles/ID/artifacts when it is opened, 200 at
 * a time ("more…"), and the viewer opens the folders leading to the file shown.
 */
function makeWideBundle(): string {
  const dir = path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "wide-src");
  const top = path.join(dir, "wide-node");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(top, "logs", "many"), { recursive: true });
  fs.mkdirSync(path.join(top, "host"), { recursive: true });
  fs.writeFileSync(path.join(top, "host", "uname.txt"), "Linux wide-node 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux\n");
  for (let i = 0; i < 450; i++) fs.writeFileSync(path.join(top, "logs", "many", `f${String(i).padStart(3, "0")}.log`), `2026-11-23T10:00:00Z wide-node app: line of file ${i}\n`);
  const out = path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "wide.tar.gz");
  execFileSync("tar", ["czf", out, "-C", dir, "wide-node"]);
  return out;
}

test("a large bundle's artifact tree loads folder by folder", async ({ page }) => {
  failOnDialog(page);
  const id = await uploadThroughPage(page, makeWideBundle(), /ready|partial/);
  const pages: number[] = [];
  page.on("response", async (res) => {
    if (/\/api\/bundles\/[^/]+\/artifacts\?/.test(res.url())) pages.push(((await res.json()) as { entries: unknown[] }).entries.length);
  });

  await page.goto(`/bundles/${encodeURIComponent(id)}/artifacts`);
  const tree = page.getByTestId("artifact-tree");
  await expect(tree).toHaveAttribute("data-lazy", "true");
  await expect(page.getByText("451 files")).toBeVisible();
  const files = tree.locator('a[href*="/logs/many/"]');
  // The server sent the top level only: no file of the big folder is in the page.
  await expect(tree.getByTestId("folder-summary")).toHaveText(["host/", "logs/"]);
  await expect(files).toHaveCount(0);

  await tree.getByTestId("folder-summary").filter({ hasText: /^logs\/$/ }).click();
  await tree.getByTestId("folder-summary").filter({ hasText: /^many\/$/ }).click();
  await expect(files).toHaveCount(200);
  await tree.getByTestId("folder-more").click();
  await expect(files).toHaveCount(400);
  await tree.getByTestId("folder-more").click();
  await expect(files).toHaveCount(450);
  await expect(tree.getByTestId("folder-more")).toHaveCount(0);
  await expect(files.last()).toHaveText("f449.log");
  expect(pages).toEqual([1, 200, 200, 50]); // logs/ holds one folder; then many/ page by page

  // The viewer opens the folders leading to the file, and marks it.
  await files.filter({ hasText: "f005.log" }).click();
  await expect(page.getByTestId("artifact-path")).toHaveText("logs/many/f005.log");
  const side = page.getByTestId("artifact-tree");
  await expect(side.locator("li.bg-sky-100")).toHaveText(/^f005\.log/);
  await expect(side.locator('a[href*="/logs/many/"]')).toHaveCount(200);

  // A file past its folder's first page: the folder opens at it; earlier entries on demand.
  await page.goto(`/bundles/${encodeURIComponent(id)}/artifacts/logs/many/f449.log`);
  await expect(side.locator("li.bg-sky-100")).toHaveText(/^f449\.log/);
  await expect(side.locator('a[href*="/logs/many/"]')).toHaveCount(1);
  await side.getByTestId("folder-earlier").click();
  await expect(side.locator('a[href*="/logs/many/"]')).toHaveCount(200);
  await expect(side.locator('a[href*="/logs/many/"]').first()).toHaveText("f000.log");
});
