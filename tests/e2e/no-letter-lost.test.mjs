// No person loses a letter to a bot check. The local server runs with the
// timing check on (a form sent under two seconds after it was served is
// doubted), and supporters who are quick but human (a district chosen and
// sent at once, a browser that autofills everything, a tab left open past
// its token's day) each end on the thank-you page with their letter counted.

import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { congressCampaignDir, count, fillLetter, openPage, serverAndBrowser } from "./helpers.mjs";

const SLUG = "congress-demo";
/** A ZIP code in Texas's 3rd and 4th districts. */
const SPLIT_ZIP = "75002";
const MIN_FILL_SECONDS = 2;

const running = serverAndBrowser({ CAMPAIGNS_DIR: congressCampaignDir(SLUG), MIN_FILL_SECONDS: String(MIN_FILL_SECONDS) });

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Console errors other than the 409 and 422 answers a form is sent back with. */
function unexpectedConsoleErrors(page) {
  return page.consoleErrors.filter((error) => !/status of 4(09|22)/.test(error));
}

/**
 * A form token the server would have issued `hoursAgo` hours ago: signed with
 * the data directory's key, in the server's format (HMAC-SHA256 over the
 * purpose, a zero byte and `{unix time}~{nonce}`, 16 bytes kept, hex).
 */
function tokenServed(hoursAgo) {
  const key = readFileSync(join(running.server.dataDir, "signing.key"), "utf8").trim();
  const payload = `${Math.floor(Date.now() / 1000) - hoursAgo * 3600}~${randomBytes(16).toString("hex")}`;
  const mac = createHmac("sha256", key).update(`form:${SLUG}`).update(Buffer.from([0])).update(payload).digest();
  return `${payload}.${mac.subarray(0, 16).toString("hex")}`;
}

async function sendAndReachThanks(page) {
  await Promise.all([page.waitForURL(`**/c/${SLUG}/thanks?**`), page.click("button[type=submit]")]);
}

for (const javaScriptEnabled of [false, true]) {
  describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test("a supporter who chooses their district and sends within half a second is counted", async () => {
      const page = await openPage(running.browser, { javaScriptEnabled });
      await page.goto(`${running.server.base}/c/${SLUG}`);
      const before = await count(running.server.base, SLUG);
      await fillLetter(page, { email: `district-${javaScriptEnabled}@example.org` });
      await page.fill("#zip", SPLIT_ZIP);
      // A person's time with the form before the question came back.
      await sleep(MIN_FILL_SECONDS * 1000 + 200);
      await page.click("button[type=submit]");
      await page.locator("#district-choice fieldset").waitFor();
      const asked = Date.now();
      await page.check("#district-TX-04");
      await sendAndReachThanks(page);
      assert.ok(Date.now() - asked < 1500, "chosen and sent at once");
      assert.match(await page.textContent("main"), /Representative Pat Fallon/);
      assert.equal(await count(running.server.base, SLUG), before + 1, "the letter is stored");
      assert.deepEqual(unexpectedConsoleErrors(page), []);
    });

    test("a browser that fills every field in under a second asks once more, then the letter is stored", async () => {
      const page = await openPage(running.browser, { javaScriptEnabled });
      await page.goto(`${running.server.base}/c/${SLUG}`);
      const before = await count(running.server.base, SLUG);
      const opened = Date.now();
      await fillLetter(page, { email: `autofill-${javaScriptEnabled}@example.org` });
      await page.click("button[type=submit]");
      await page.locator("#notice").waitFor();
      assert.ok(Date.now() - opened < MIN_FILL_SECONDS * 1000, "sent sooner than the fill time");
      assert.match(await page.textContent("#notice"), /send it once more/);
      assert.equal(await page.inputValue("#last_name"), "Lovelace", "what was typed is kept");
      assert.equal(await count(running.server.base, SLUG), before, "nothing stored while asking");
      await sendAndReachThanks(page);
      assert.equal(await count(running.server.base, SLUG), before + 1, "stored when sent again");
      assert.deepEqual(unexpectedConsoleErrors(page), []);
    });

    test("a tab left open past its form's day is asked once more, then the letter is stored", async () => {
      const page = await openPage(running.browser, { javaScriptEnabled });
      await page.goto(`${running.server.base}/c/${SLUG}`);
      const before = await count(running.server.base, SLUG);
      await fillLetter(page, { email: `expired-${javaScriptEnabled}@example.org` });
      await page.locator("input[name=form_token]").evaluate((input, token) => (input.value = token), tokenServed(25));
      await page.click("button[type=submit]");
      await page.locator("#notice").waitFor();
      assert.match(await page.textContent("#notice"), /expired/);
      assert.equal(await page.inputValue("#email"), `expired-${javaScriptEnabled}@example.org`);
      await sendAndReachThanks(page);
      assert.equal(await count(running.server.base, SLUG), before + 1);
      assert.deepEqual(unexpectedConsoleErrors(page), []);
    });
  });
}

test("without JavaScript, a form filled at a person's pace is asked once more for its token, sent again at once, and stored", async () => {
  const page = await openPage(running.browser, { javaScriptEnabled: false });
  await page.goto(`${running.server.base}/c/${SLUG}`);
  const before = await count(running.server.base, SLUG);
  await fillLetter(page, { email: "unhurried@example.org" });
  await sleep(MIN_FILL_SECONDS * 1000 + 200);
  await page.click("button[type=submit]");
  await page.locator("#notice").waitFor();
  assert.match(await page.textContent("#notice"), /send it once more/, "the page came without a token");
  assert.equal(await page.inputValue("#last_name"), "Lovelace", "what was typed is kept");
  assert.equal(await count(running.server.base, SLUG), before, "nothing stored while asking");
  const asked = Date.now();
  await sendAndReachThanks(page);
  assert.ok(Date.now() - asked < 1500, "sent again at once");
  assert.equal(await count(running.server.base, SLUG), before + 1);
});

test("with JavaScript, a form whose token could not be fetched is asked once more, then stored", async () => {
  const page = await openPage(running.browser);
  await page.route("**/form-token", (route) => route.abort());
  await page.goto(`${running.server.base}/c/${SLUG}`);
  const before = await count(running.server.base, SLUG);
  await fillLetter(page, { email: "offline-token@example.org" });
  await sleep(MIN_FILL_SECONDS * 1000 + 200);
  await page.click("button[type=submit]");
  await page.locator("#notice").waitFor();
  assert.match(await page.textContent("#notice"), /send it once more/);
  assert.equal(await count(running.server.base, SLUG), before);
  await sendAndReachThanks(page);
  assert.equal(await count(running.server.base, SLUG), before + 1);
  assert.deepEqual(unexpectedConsoleErrors(page).filter((error) => !error.includes("ERR_FAILED")), []);
});
