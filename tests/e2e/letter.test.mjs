// A supporter writes to their Senators in a real Chromium, with JavaScript
// on and off; every page is checked with axe-core and photographed at
// phone and desktop widths.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DESKTOP,
  PHONE,
  accessibilityViolations,
  count,
  fillLetter,
  openPage,
  overflowsHorizontally,
  screenshot,
  sendAskedOnceMore,
  serverAndBrowser,
  waitForEmail,
} from "./helpers.mjs";

const running = serverAndBrowser();

describe("with JavaScript", () => {
  test("a supporter sees their Senators, signs as they type, sends, and is thanked by name", async () => {
    const page = await openPage(running.browser);
    const before = await count(running.server.base);
    await page.goto(`${running.server.base}/c/sesta`);
    assert.equal(await overflowsHorizontally(page), false, "nothing overflows at 375 px");

    await fillLetter(page, { email: "js@example.org" });
    await page.waitForFunction(() => document.querySelector("#recipients").textContent.includes("John Cornyn"));
    assert.match(await page.textContent("#recipients"), /Senator John Cornyn .* and Senator Ted Cruz/);
    assert.equal(await page.textContent("#signature-name"), "Ada Lovelace");
    assert.equal(await page.isChecked("#opt_in"), false, "the opt-in starts unchecked");

    await Promise.all([page.waitForURL("**/c/sesta/thanks?state=TX"), page.click("button[type=submit]")]);
    const thanks = await page.textContent("main");
    assert.match(thanks, /Senator John Cornyn/);
    assert.match(thanks, /Senator Ted Cruz/);
    assert.equal(await page.getAttribute("a[href^='tel:']", "href"), "tel:+1-202-224-2934");
    assert.equal(await page.isVisible("#copy-link"), true, "the copy-link button appears with JavaScript");
    assert.equal(await count(running.server.base), before + 1, "the count went up by one");
    assert.deepEqual(page.consoleErrors, []);
  });

  test("a supporter adds a paragraph of their own, is told when it is too short, and finds it in their email", async () => {
    const page = await openPage(running.browser);
    await page.goto(`${running.server.base}/c/sesta`);
    assert.equal(await page.getAttribute("#own_words", "aria-describedby"), "own_words-hint");
    assert.match(await page.textContent("label[for=own_words]"), /Why this matters to you/);
    await fillLetter(page, { email: "paragraph@example.org" });
    await page.fill("#own_words", "Me.");
    await page.click("button[type=submit]");
    await page.locator("#own_words-error").waitFor();
    assert.match(await page.textContent("#own_words-error"), /6 characters or more/);
    assert.equal(await page.getAttribute("#own_words", "aria-describedby"), "own_words-hint own_words-error");
    assert.deepEqual(await accessibilityViolations(page), [], "the paragraph's error");
    await screenshot(page, "own-words-error-phone");

    const paragraph = "My cousin was trafficked through an ad.\n\nPlease act.";
    await page.fill("#own_words", paragraph);
    await Promise.all([page.waitForURL("**/c/sesta/thanks?state=TX"), page.click("button[type=submit]")]);
    assert.match(await page.textContent("main"), /Senator John Cornyn/);
    assert.deepEqual(await accessibilityViolations(page), [], "the thank-you page");
    const email = await waitForEmail(running.server.dataDir, "paragraph@example.org");
    assert.match(email, /My cousin was trafficked through an ad\./);
    const [letter, own, closing] = ["<blockquote", "My cousin", "Sincerely,"].map((text) => email.indexOf(text));
    assert.ok(letter < own && own < closing, "the paragraph follows the letter, before its closing");
    // The short paragraph's 422 is the only thing the browser may report.
    assert.deepEqual(page.consoleErrors.filter((error) => !error.includes("status of 422")), []);
  });

  test("errors are announced in a summary that links to each field", async () => {
    const page = await openPage(running.browser);
    await page.goto(`${running.server.base}/c/sesta`);
    await fillLetter(page, { email: "not-an-email" });
    await page.fill("#zip", "123");
    await page.click("button[type=submit]");
    const summary = page.locator("#error-summary");
    await summary.waitFor();
    assert.equal(await summary.getAttribute("role"), "alert");
    assert.equal(await page.evaluate(() => document.activeElement.id), "error-summary", "focus moves to the summary");
    const links = await summary.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(links.sort(), ["#email", "#zip"]);
    assert.equal(await page.getAttribute("#email", "aria-invalid"), "true");
    assert.equal(await page.getAttribute("#email", "aria-describedby"), "email-error");
    await page.click("#error-summary a[href='#email']");
    assert.equal(await page.evaluate(() => document.activeElement.id), "email");
  });
});

describe("without JavaScript", () => {
  test("the form still sends, and the thank-you page names the Senators", async () => {
    const page = await openPage(running.browser, { javaScriptEnabled: false });
    const before = await count(running.server.base);
    await page.goto(`${running.server.base}/c/sesta`);
    await fillLetter(page, { email: "nojs@example.org", state: "CA" });
    await sendAskedOnceMore(page, "**/c/sesta/thanks?state=CA");
    assert.match(await page.textContent("main"), /Senator Alex Padilla|Senator Adam Schiff/);
    assert.equal(await count(running.server.base), before + 1);
  });

  test("errors come back from the server with the values kept", async () => {
    const page = await openPage(running.browser, { javaScriptEnabled: false });
    await page.goto(`${running.server.base}/c/sesta`);
    await fillLetter(page, { email: "still-not-an-email", state: "DC" });
    await page.click("button[type=submit]");
    await page.locator("#error-summary").waitFor();
    assert.equal(await page.inputValue("#email"), "still-not-an-email");
    assert.match(await page.textContent("#state-error"), /has no U.S. Senators/);
  });
});

describe("every page", () => {
  // Each page in both languages: `lang` is the link's `?lang=`.
  const pages = {
    campaign: async (page, lang) => page.goto(`${running.server.base}/c/sesta?lang=${lang}`),
    errors: async (page, lang) => {
      await page.goto(`${running.server.base}/c/sesta?lang=${lang}`);
      await page.fill("#email", "bad");
      await page.click("button[type=submit]");
      await page.locator("#error-summary").waitFor();
    },
    thanks: async (page, lang) => page.goto(`${running.server.base}/c/sesta/thanks?state=TX&lang=${lang}`),
  };

  for (const [name, open] of Object.entries(pages)) {
    for (const lang of ["en", "es"]) {
      test(`the ${name} page in ${lang} has no WCAG 2.1 AA violations and fits a phone`, async () => {
        for (const [width, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
          const page = await openPage(running.browser, { viewport });
          await open(page, lang);
          assert.equal(await page.getAttribute("html", "lang"), lang);
          assert.deepEqual(await accessibilityViolations(page), [], `${name} in ${lang} at ${width}`);
          if (viewport === PHONE) assert.equal(await overflowsHorizontally(page), false, `${name} overflows`);
          await screenshot(page, `${name}-${lang}-${width}`);
          assert.deepEqual(page.consoleErrors, []);
        }
      });
    }
  }

  test("the pages an email's links open (its receipt among them) ask first, act on their button, and pass axe-core", async () => {
    const page = await openPage(running.browser);
    await page.goto(`${running.server.base}/c/sesta`);
    await fillLetter(page, { email: "links@example.org" });
    await page.check("#opt_in");
    await Promise.all([page.waitForURL("**/thanks?state=TX"), page.click("button[type=submit]")]);
    const email = await waitForEmail(running.server.dataDir, "links@example.org");
    // The receipt, before the letter is withdrawn below: a page, no script needed.
    const receipt = email.match(/\/receipt\/[A-Za-z0-9~.-]+/)[0];
    for (const [width, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
      const shown = await openPage(running.browser, { viewport });
      await shown.goto(`${running.server.base}${receipt}`);
      assert.deepEqual(await accessibilityViolations(shown), [], `receipt at ${width}`);
      if (viewport === PHONE) assert.equal(await overflowsHorizontally(shown), false, "the receipt overflows");
      await screenshot(shown, `receipt-${width}`);
      assert.deepEqual(shown.consoleErrors, []);
    }
    const withoutScript = await openPage(running.browser, { javaScriptEnabled: false });
    await withoutScript.goto(`${running.server.base}${receipt}`);
    assert.match(await withoutScript.textContent("main"), /Senator John Cornyn: Recorded\./);
    for (const [action, button, done] of [
      ["confirm", "Confirm my letter", /your letter is confirmed/],
      ["withdraw", "Withdraw my letter", /Your letter is withdrawn/],
    ]) {
      const path = email.match(new RegExp(`/${action}/[A-Za-z0-9~.-]+`))[0];
      for (const [width, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
        const asked = await openPage(running.browser, { viewport });
        await asked.goto(`${running.server.base}${path}`);
        assert.deepEqual(await accessibilityViolations(asked), [], `${action} at ${width}`);
        await screenshot(asked, `${action}-${width}`);
      }
      // The button works without JavaScript.
      const asked = await openPage(running.browser, { javaScriptEnabled: false });
      await asked.goto(`${running.server.base}${path}`);
      await Promise.all([asked.waitForEvent("load"), asked.click(`button:has-text("${button}")`)]);
      assert.match(await asked.textContent("main"), done);
    }
  });

  test("the campaign page weighs under 60 KB with everything it loads, all from its own host", async () => {
    const page = await openPage(running.browser);
    const loaded = [];
    page.on("response", async (response) => {
      loaded.push({ url: response.url(), bytes: (await response.body().catch(() => Buffer.alloc(0))).length });
    });
    await page.goto(`${running.server.base}/c/sesta`, { waitUntil: "networkidle" });
    const total = loaded.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`campaign page weight: ${total} bytes in ${loaded.length} requests`);
    for (const { url, bytes } of loaded) console.log(`  ${bytes}\t${url}`);
    assert.ok(total < 60 * 1024, `${total} bytes`);
    for (const { url } of loaded) assert.ok(url.startsWith(running.server.base), `request to another host: ${url}`);
  });
});
