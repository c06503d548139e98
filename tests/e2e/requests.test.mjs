// What a view of the campaign page asks of the site: the page itself (its
// style and script inlined, its icon a data: address) and, once it has been
// in view a while, one count poll: at most two requests at the edge. The
// form's token is asked for only when the visitor touches the form. The
// page's clock is Playwright's, so minutes pass at once.

import assert from "node:assert/strict";
import { test } from "node:test";
import { fillLetter, openPage, serverAndBrowser } from "./helpers.mjs";

const running = serverAndBrowser();

/** A page whose every request to the network is listed by its path. */
async function watchedPage({ hidden = false } = {}) {
  const page = await openPage(running.browser);
  page.requested = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http")) page.requested.push(`${request.method()} ${url.pathname}`);
  });
  if (hidden) await page.addInitScript(() => Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true }));
  await page.clock.install();
  await page.goto(`${running.server.base}/c/sesta`, { waitUntil: "networkidle" });
  return page;
}

/** The page hidden, as when its tab is left, or shown again. */
function setVisibility(page, state) {
  return page.evaluate((state) => {
    Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
}

const PAGE = "GET /c/sesta";
const POLL = "GET /c/sesta/count";

test("a view costs the page and one count poll, however long it stays open and however often it is shown again", async () => {
  const page = await watchedPage();
  assert.deepEqual(page.requested, [PAGE], "style, script and icon come with the page");
  await Promise.all([page.waitForResponse("**/c/sesta/count"), page.clock.runFor(15_000)]);
  for (let i = 0; i < 3; i++) {
    await setVisibility(page, "hidden");
    await setVisibility(page, "visible");
    await page.clock.runFor(10 * 60_000);
  }
  await page.waitForLoadState("networkidle");
  assert.deepEqual(page.requested, [PAGE, POLL]);
  assert.deepEqual(page.consoleErrors, []);
});

test("a page never seen asks for no count, and one shown later asks once", async () => {
  const page = await watchedPage({ hidden: true });
  await page.clock.runFor(10 * 60_000);
  assert.deepEqual(page.requested, [PAGE], "nothing while hidden");
  await setVisibility(page, "visible");
  await Promise.all([page.waitForResponse("**/c/sesta/count"), page.clock.runFor(15_000)]);
  await page.clock.runFor(10 * 60_000);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(page.requested, [PAGE, POLL]);
});

test("the form's token is asked for once, when the visitor first touches the form", async () => {
  const page = await watchedPage();
  assert.equal(await page.inputValue("input[name=form_token]"), "", "the page carries none");
  await Promise.all([page.waitForResponse("**/c/sesta/form-token"), page.click("#first_name")]);
  await fillLetter(page, { email: "touch@example.org" });
  assert.notEqual(await page.inputValue("input[name=form_token]"), "");
  await Promise.all([page.waitForURL("**/c/sesta/thanks?state=TX"), page.click("button[type=submit]")]);
  assert.deepEqual(page.requested, [PAGE, "GET /c/sesta/form-token", "POST /c/sesta/letters", "GET /c/sesta/thanks"]);
  assert.deepEqual(page.consoleErrors, []);
});
