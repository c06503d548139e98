// The local server's outbox in Chromium: opened with the admin token, the
// list with time, sender, subject, recipient and status, newest first; a
// message with its headers, its text part, its HTML part in a frame the
// policy allows, and a way back.

import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  ADMIN_TOKEN,
  DESKTOP,
  PHONE,
  ZIP_IN,
  accessibilityViolations,
  artifacts,
  formToken,
  openPage,
  overflowsHorizontally,
  screenshot,
  serverAndBrowser,
  waitForEmail,
} from "./helpers.mjs";

const running = serverAndBrowser();

async function sendLetter(email) {
  const response = await fetch(`${running.server.base}/c/sesta/letters`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      first_name: "Ada", last_name: "Lovelace", email, street: "1 Main St", city: "Austin",
      state: "TX", zip: ZIP_IN.TX, subject: "Please cosponsor S. 1693", message: "Please cosponsor S. 1693.", closing: "Sincerely",
      form_token: await formToken(running.server.base),
    }),
  });
  assert.equal(response.status, 201);
  await waitForEmail(running.server.dataDir, email);
}

test("the outbox lists each email newest first and shows one with its headers, both parts and a way back", async () => {
  await sendLetter("older@example.org");
  await sendLetter("newer@example.org");

  const page = await openPage(running.browser, { viewport: DESKTOP });
  await page.goto(`${running.server.base}/_outbox?token=${ADMIN_TOKEN}`);
  assert.equal(page.url(), `${running.server.base}/_outbox`, "the token leaves the address bar");
  const headings = await page.locator("thead th").allTextContents();
  assert.deepEqual(headings, ["Time", "From", "To", "Subject", "Status"]);
  const rows = page.locator("tbody tr");
  assert.equal(await rows.count(), 2);
  const first = await rows.nth(0).locator("td").allTextContents();
  assert.match(first[0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  assert.match(first[1], /letters@example\.org/);
  assert.equal(first[2], "newer@example.org", "newest first");
  assert.equal(first[4], "Written here, not sent");
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, "outbox-list-desktop");

  await rows.nth(0).locator("a").click();
  await page.waitForURL(/\/_outbox\/[0-9a-f-]{36}$/);
  const header = (name) => page.locator("table.headers tr", { has: page.locator("th", { hasText: new RegExp(`^${name}$`) }) }).locator("td");
  assert.equal(await header("To").textContent(), "newer@example.org");
  assert.match(await header("Date").textContent(), /\d{4}/);
  assert.match(await page.locator("pre.text").textContent(), /Senator Ted Cruz/);
  const part = page.frameLocator("iframe");
  await part.locator("body").waitFor();
  assert.match(await part.locator("body").textContent(), /Senator Ted Cruz/, "the HTML part shows in its frame");
  assert.ok(await part.getByText("Senator Ted Cruz").first().isVisible());
  await page.locator("iframe").screenshot({ path: join(artifacts, "screenshots", "outbox-message-html-part.png") });
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, "outbox-message-desktop");
  assert.deepEqual(page.consoleErrors, [], "no policy blocks the frame");

  await page.locator("a", { hasText: "All emails in the outbox" }).first().click();
  await page.waitForURL(`${running.server.base}/_outbox`);

  const phone = await openPage(running.browser, { viewport: PHONE });
  await phone.goto(`${running.server.base}/_outbox?token=${ADMIN_TOKEN}`);
  assert.equal(await overflowsHorizontally(phone), false);
  await screenshot(phone, "outbox-list-phone");
});
