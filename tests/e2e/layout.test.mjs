// The ask above the fold: on a wide screen the form sits beside the case,
// its first field in view without scrolling; on a phone nothing overlaps or
// sticks out sideways, and a link at the top takes a supporter (and the
// keyboard's focus) to the form. Numbers read as English writes them.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openPage, overflowsHorizontally, screenshot, serverAndBrowser } from "./helpers.mjs";

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 568 };

/** The form's first field a supporter fills (not the hidden or honeypot ones). */
const FIRST_FIELD = "form.letter fieldset :is(input, select, textarea)";

const running = serverAndBrowser();

/** A box as the viewport has it. */
const box = (page, selector) =>
  page.$eval(selector, (element) => {
    const { top, bottom, left, right } = element.getBoundingClientRect();
    return { top, bottom, left, right };
  });

/**
 * Each pair of the page's blocks (headings, paragraphs, fields, their
 * labels and controls, buttons) that overlap, where neither holds the
 * other; and each that reaches past the page's width.
 */
function collisions(page) {
  return page.evaluate(() => {
    const selector = [
      "main h1, main h2, main h3, main p, main li, main progress, main legend",
      "main .field, main label, main input, main select, main textarea, main button",
      "footer",
    ].join(", ");
    const blocks = [...document.querySelectorAll(selector)].filter(
      (element) => element.type !== "hidden" && !element.closest(".hp") && element.getClientRects().length > 0,
    );
    const name = (element) => element.id || `${element.tagName.toLowerCase()}: ${element.textContent.trim().slice(0, 30)}`;
    const rect = (element) => {
      const { top, bottom, left, right } = element.getBoundingClientRect();
      return { top: top + scrollY, bottom: bottom + scrollY, left, right };
    };
    const width = document.documentElement.clientWidth;
    const found = [];
    blocks.forEach((a, i) => {
      const ra = rect(a);
      if (ra.right > width + 0.5 || ra.left < -0.5) found.push(`${name(a)} reaches past the page`);
      for (const b of blocks.slice(i + 1)) {
        if (a.contains(b) || b.contains(a)) continue;
        const rb = rect(b);
        const across = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const down = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (across > 1 && down > 1) found.push(`${name(a)} overlaps ${name(b)}`);
      }
    });
    return found;
  });
}

describe("on a wide screen", () => {
  test("at 1280 x 800 the form's first field is in view on load, beside the case", async () => {
    const page = await openPage(running.browser, { viewport: WIDE });
    await page.goto(`${running.server.base}/c/sesta`);
    assert.equal(await page.evaluate(() => scrollY), 0);
    const field = await box(page, FIRST_FIELD);
    assert.ok(field.top >= 0 && field.bottom <= WIDE.height, `first field at ${JSON.stringify(field)}`);
    const headline = await box(page, "h1");
    const form = await box(page, "#take-action");
    assert.ok(form.left >= headline.right, "the form is beside the case, not below it");
    assert.equal(await overflowsHorizontally(page), false);
    await screenshot(page, "layout-wide");
    assert.deepEqual(page.consoleErrors, []);
  });

  test("the link to the form shows only when a keyboard reaches it", async () => {
    const page = await openPage(running.browser, { viewport: WIDE });
    await page.goto(`${running.server.base}/c/sesta`);
    const hidden = await box(page, ".to-form");
    assert.ok(hidden.right - hidden.left <= 1, "out of sight beside the form");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Write your letter");
    const shown = await box(page, ".to-form");
    assert.ok(shown.right - shown.left > 100 && shown.top >= 0, "in sight once focused");
  });
});

describe("on a phone 320 px wide", () => {
  for (const javaScriptEnabled of [true, false]) {
    const script = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

    test(`"Write your letter" at the top moves the view and the focus to the form, ${script}`, async () => {
      const page = await openPage(running.browser, { viewport: NARROW, javaScriptEnabled });
      await page.goto(`${running.server.base}/c/sesta`);
      const link = await box(page, ".to-form a");
      assert.ok(link.bottom <= NARROW.height, "the link is on the first screen");

      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement.textContent), "Write your letter");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement.id === "take-action");
      const heading = await box(page, "#take-action-heading");
      assert.ok(heading.top >= 0 && heading.bottom <= NARROW.height, `the form's heading in view: ${JSON.stringify(heading)}`);
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement.id), "first_name", "the next key goes to the first field");
      assert.deepEqual(page.consoleErrors, []);
    });
  }

  test("nothing overlaps or sticks out sideways, on the page and on the form sent back with errors", async () => {
    const page = await openPage(running.browser, { viewport: NARROW, javaScriptEnabled: false });
    await page.goto(`${running.server.base}/c/sesta`);
    assert.equal(await overflowsHorizontally(page), false, "the page scrolls sideways");
    assert.deepEqual(await collisions(page), []);
    await screenshot(page, "layout-narrow");

    await page.click("button[type=submit]");
    await page.locator("#error-summary").waitFor();
    assert.equal(await overflowsHorizontally(page), false, "the page with errors scrolls sideways");
    assert.deepEqual(await collisions(page), []);
    await screenshot(page, "layout-narrow-errors");
  });
});

test("the count and the goal read as English writes them, from the server and from the script", async () => {
  const page = await openPage(running.browser);
  await page.route("**/c/sesta/count", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify({ count: 1234567, goal: 25000 }) }),
  );
  await page.clock.install();
  await page.goto(`${running.server.base}/c/sesta`);
  assert.match(await page.textContent(".progress"), /toward a goal of 25,000\./);
  // The script asks for the count once, 15 s after the page is in view.
  await page.clock.runFor(15_000);
  await page.waitForFunction(() => document.querySelector("[data-count]").textContent === "1,234,567");
});
