// A supporter whose ZIP code spans two House districts chooses theirs, in a
// real Chromium with JavaScript on and off, and the question passes
// axe-core. The local server serves a campaign to the whole delegation from
// a campaign directory of its own (CAMPAIGNS_DIR).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DESKTOP,
  PHONE,
  accessibilityViolations,
  congressCampaignDir,
  count,
  fillLetter,
  openPage,
  overflowsHorizontally,
  screenshot,
  serverAndBrowser,
} from "./helpers.mjs";

const SLUG = "congress-demo";
/** A ZIP code in Texas's 3rd and 4th districts. */
const SPLIT_ZIP = "75002";

const running = serverAndBrowser({ CAMPAIGNS_DIR: congressCampaignDir(SLUG) });

/**
 * The campaign page. `serverOnly` keeps the page's script from loading
 * while leaving the browser's JavaScript on, so the server's own question
 * can be checked by axe-core (which runs as JavaScript in the page).
 */
async function openCampaign({ serverOnly = false, ...options } = {}) {
  const page = await openPage(running.browser, options);
  if (serverOnly) {
    // The page with its inlined script taken out.
    await page.route(`**/c/${SLUG}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/<script>[\s\S]*?<\/script>/, "");
      await route.fulfill({ response, body });
    });
  }
  await page.goto(`${running.server.base}/c/${SLUG}`);
  return page;
}

/** Console errors other than the 422 a refused letter is answered with. */
function unexpectedConsoleErrors(page) {
  return page.consoleErrors.filter((error) => !error.includes("status of 422"));
}

async function fillSplit(page, email) {
  await fillLetter(page, { email });
  await page.fill("#zip", SPLIT_ZIP);
}

async function radioLabels(page) {
  return page.locator("#district-choice label").allTextContents();
}

describe("with JavaScript", () => {
  test("the question appears in place, names each member, and the answer goes with the letter", async () => {
    const page = await openCampaign();
    const before = await count(running.server.base, SLUG);
    await fillSplit(page, "js-district@example.org");
    assert.match(await page.textContent("#recipients"), /Senator Ted Cruz \(Republican\) and your Representative, found from your ZIP code/);
    await page.click("button[type=submit]");
    await page.locator("#district-choice fieldset").waitFor();
    assert.deepEqual(await radioLabels(page), [
      "Texas's 3rd district: Representative Keith Self (Republican)",
      "Texas's 4th district: Representative Pat Fallon (Republican)",
    ]);
    assert.equal(await page.evaluate(() => document.activeElement.id), "error-summary", "focus moves to the summary");
    await page.click("#error-summary a[href='#district']");
    assert.equal(await page.evaluate(() => document.activeElement.id), "district", "the summary leads to the question");

    await page.check("#district-TX-04");
    await Promise.all([page.waitForURL(`**/c/${SLUG}/thanks?state=TX&district=TX-04`), page.click("button[type=submit]")]);
    const thanks = await page.textContent("main");
    assert.match(thanks, /Senator John Cornyn, Senator Ted Cruz and Representative Pat Fallon/);
    assert.equal(await count(running.server.base, SLUG), before + 1);
    assert.deepEqual(unexpectedConsoleErrors(page), []);
  });

  test("changing the ZIP code drops the question, so a stale answer is never sent", async () => {
    const page = await openCampaign();
    await fillSplit(page, "js-moved@example.org");
    await page.click("button[type=submit]");
    await page.locator("#district-choice fieldset").waitFor();
    await page.check("#district");
    await page.fill("#zip", "78701");
    await page.locator("#zip").dispatchEvent("change");
    assert.equal(await page.locator("#district-choice fieldset").count(), 0);
    await Promise.all([page.waitForURL(`**/c/${SLUG}/thanks?state=TX&district=TX-37`), page.click("button[type=submit]")]);
    assert.match(await page.textContent("main"), /Representative Lloyd Doggett/);
  });
});

describe("without JavaScript", () => {
  test("the server asks, and the chosen district is where the letter goes", async () => {
    const page = await openCampaign({ javaScriptEnabled: false });
    await fillSplit(page, "nojs-district@example.org");
    await page.click("button[type=submit]");
    await page.locator("#district-choice fieldset").waitFor();
    assert.match(await page.textContent("#district-error"), /ZIP code 75002 lies in more than one congressional district/);
    assert.equal(await page.getAttribute("#district-choice a", "href"), "https://www.house.gov/representatives/find-your-representative");
    assert.equal(await page.inputValue("#zip"), SPLIT_ZIP, "what was typed is kept");
    await page.check("#district");
    await Promise.all([page.waitForURL(`**/c/${SLUG}/thanks?state=TX&district=TX-03`), page.click("button[type=submit]")]);
    assert.match(await page.textContent("main"), /Representative Keith Self/);
  });

  test("an answer given for another ZIP code is asked again", async () => {
    const page = await openCampaign({ javaScriptEnabled: false });
    await fillSplit(page, "nojs-moved@example.org");
    await page.click("button[type=submit]");
    await page.locator("#district-choice fieldset").waitFor();
    await page.check("#district");
    await page.fill("#zip", "75022");
    await page.click("button[type=submit]");
    await page.locator("#district-error").waitFor();
    assert.match(await page.textContent("#district-error"), /You changed your address/);
    assert.deepEqual(
      (await radioLabels(page)).map((label) => label.split(":")[0]),
      ["Texas's 24th district", "Texas's 26th district"],
    );
    assert.equal(await page.locator("#district-choice input:checked").count(), 0, "the stale answer is not kept");
  });
});

describe("the district question", () => {
  for (const [drawnBy, serverOnly] of [["the server", true], ["the script", false]]) {
    for (const [width, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
      test(`drawn by ${drawnBy} has no WCAG 2.1 AA violations and fits a ${width}`, async () => {
        const page = await openCampaign({ viewport, serverOnly });
        await fillSplit(page, `axe-${width}-${serverOnly}@example.org`);
        await page.click("button[type=submit]");
        await page.locator("#district-choice fieldset").waitFor();
        assert.deepEqual(await accessibilityViolations(page), [], `${drawnBy} at ${width}`);
        if (viewport === PHONE) assert.equal(await overflowsHorizontally(page), false);
        await screenshot(page, `district-question-${serverOnly ? "server" : "script"}-${width}`);
        assert.deepEqual(unexpectedConsoleErrors(page), []);
      });
    }
  }
});
