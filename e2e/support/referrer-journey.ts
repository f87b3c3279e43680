import type { BrowserContext, Page } from "playwright-core";

/** Fills the referrers' "refer a client" form with a valid referral that allows status updates. */
export async function fillReferral(page: Page, clientName: string): Promise<void> {
  await page.locator("input[name=role][value=victim]").check();
  await page.locator("input[name=offenceCategory]").first().check();
  await page.locator("input[name=policeReport][value=yes]").check();
  await page.locator("input[name=otherPartyKnown][value=no]").check();
  await page.locator("input[name=name]").fill(clientName);
  await page.locator("select[name=ageGroup]").selectOption("25_44");
  await page.locator("input[name=phone]").fill("0612345678");
  await page.locator("input[name=contactChannels][value=phone]").check();
  await page.locator("input[name=voicemailAllowed][value=no]").check();
  await page.locator("input[name=senderNameAllowed][value=no]").check();
  await page.locator("input[name=language][value=nl]").check();
  await page.locator("input[name=interpreterNeeded][value=no]").check();
  await page.locator("input[name=clientConsent]").check();
  await page.locator("input[name=statusUpdates][value=yes]").check();
}

/**
 * Gives the page Chromium's virtual authenticator (DevTools protocol, WebAuthn domain): a
 * platform authenticator (CTAP2, internal) that keeps discoverable credentials and verifies the
 * user at once, as a laptop's fingerprint reader would. Returns its credentials for checks.
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async credentials() {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      return credentials;
    },
  };
}
