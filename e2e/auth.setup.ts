import { expect, test as setup } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./e2e-env";
import { failOnDialog, signInThroughForm } from "./helpers";

// The bootstrap admin (NETBUNDLE_ADMIN_EMAIL/PASSWORD in playwright.config.ts's server env)
// signs in once through the form; the specs start from the saved cookie.
setup("sign in as the bootstrap admin", async ({ page }) => {
  failOnDialog(page);
  await signInThroughForm(page, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("account-link")).toHaveText(ADMIN.email);
  await page.context().storageState({ path: ADMIN_STATE });
});
