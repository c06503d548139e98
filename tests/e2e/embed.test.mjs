// A campaign's form on a partner's site (docs/embeds.md). The partner's page
// is served on another loopback origin (http://localhost:PORT, while the
// site is http://127.0.0.1:PORT: another site to the browser, so the frame
// is a third party's), holding the snippet exactly as the docs give it. A
// supporter sends a letter through the frame with third-party cookies
// blocked; a page on an origin the campaign does not allow gets no form.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import {
  ADMIN_TOKEN,
  accessibilityViolations,
  artifacts,
  count,
  fillLetter,
  launchBrowser,
  openPage,
  sendAskedOnceMore,
  startServer,
} from "./helpers.mjs";

const root = resolve(import.meta.dirname, "../..");
const CODE = "your-code";

/** The snippet a partner pastes: the first HTML block of docs/embeds.md. */
const SNIPPET = readFileSync(join(root, "docs/embeds.md"), "utf8").match(/```html\n([\s\S]*?)```/)[1];

let server;
let browser;
const partners = [];

/**
 * A partner's site on a loopback port of its own: one page holding the
 * snippet, pointed at the site once it runs. Its origin, as the browser
 * reaches it.
 */
async function partnerSite() {
  const site = createServer((request, response) => {
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(`<!doctype html><html lang="en"><head><title>A partner</title></head>
<body style="background: #fdf6e3"><main><h1>Our coalition asks you to write</h1>
${SNIPPET.replaceAll("https://letters.example.org", server.base)}</main></body></html>`);
  });
  await new Promise((done) => site.listen(0, "127.0.0.1", done));
  partners.push(site);
  return `http://localhost:${site.address().port}`;
}

let allowed;
let notAllowed;

before(async () => {
  allowed = await partnerSite();
  notAllowed = await partnerSite();
  const campaigns = mkdtempSync(join(tmpdir(), "letters-e2e-campaigns-"));
  const launch = readFileSync(join(root, "core/campaigns/sesta.toml"), "utf8");
  writeFileSync(join(campaigns, "sesta.toml"), `allowed_origins = ["${allowed}"]\nsources = ["${CODE}"]\n${launch}`);
  server = await startServer({ CAMPAIGNS_DIR: campaigns });
  // Chromium's switch for Chrome's phase-out of third-party cookies; the
  // test checks that the frame's are blocked rather than trust it.
  browser = await launchBrowser(["--test-third-party-cookie-phaseout"]);
});

after(async () => {
  await browser?.close();
  server?.stop();
  for (const site of partners) site.close();
});

/** The frame the snippet made, once the campaign's embed page is in it. */
async function letterFrame(page) {
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await frame.waitForURL((url) => url.pathname === "/c/sesta" && url.searchParams.get("embed") === "1");
  return frame;
}

/** The thank-you page, still in its embed mode. */
const thanksInTheFrame = (url) => url.pathname === "/c/sesta/thanks" && url.searchParams.get("embed") === "1";

/** Waits until the frame is as tall as its page: sized by the snippet, no scrolling inside. */
async function sizedToItsPage(page, frame) {
  await page.waitForFunction(
    (height) => Math.abs(document.getElementById("letters-frame").getBoundingClientRect().height - height) <= 1,
    await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)),
  );
}

async function exportedRows() {
  const response = await fetch(`${server.base}/admin/c/sesta/letters?format=jsonl`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return (await response.text()).trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

test("a supporter on a partner's page sends a letter through its frame, with third-party cookies blocked", async () => {
  const page = await openPage(browser);
  await page.goto(allowed);
  const frame = await letterFrame(page);

  const kept = await frame.evaluate(() => {
    document.cookie = "probe=1; SameSite=None; Secure";
    return document.cookie;
  });
  assert.equal(kept, "", "the frame may keep no cookie: third-party cookies are blocked");

  await sizedToItsPage(page, frame);
  assert.deepEqual(await accessibilityViolations(frame), []);
  // The first screen only: a full-page shot leaves a cross-site frame unpainted below it.
  await page.screenshot({ path: join(artifacts, "screenshots", "embed-on-a-partners-page.png") });
  const before = await count(server.base);
  await fillLetter(frame, { email: "partner-visitor@example.org" });
  await Promise.all([frame.waitForURL(thanksInTheFrame), frame.click("button[type=submit]")]);
  assert.match(await frame.textContent("h1"), /Thank you/);
  assert.equal(page.url(), `${allowed}/`, "the partner's page stays, the thank-you page is in its frame");
  await sizedToItsPage(page, frame);
  assert.deepEqual(await accessibilityViolations(frame), []);

  assert.equal(await count(server.base), before + 1, "the letter is stored and counted");
  const row = (await exportedRows()).find((letter) => letter.state === "TX" && letter.source === CODE);
  assert.ok(row, "the letter records the partner's code");
  assert.deepEqual(page.consoleErrors, []);
});

test("without JavaScript, the form posts in the frame and its thank-you page stays there", async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(allowed);
  const frame = await letterFrame(page);
  const before = await count(server.base);
  await fillLetter(frame, { email: "no-script-visitor@example.org", state: "CA" });
  await sendAskedOnceMore(frame, thanksInTheFrame);
  assert.match(await frame.textContent("h1"), /Thank you/, "the redirect to the thank-you page is let into the frame");
  assert.equal(await count(server.base), before + 1);
  assert.ok((await exportedRows()).some((letter) => letter.state === "CA" && letter.source === CODE));
});

test("a page on an origin the campaign does not allow gets no form in its frame", async () => {
  const page = await openPage(browser);
  const refusals = [];
  page.on("console", (message) => refusals.push(message.text()));
  await page.goto(notAllowed);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.equal(await frame.locator("form.letter").count(), 0, "Chromium shows no form");
  assert.ok(
    refusals.some((text) => text.includes("frame-ancestors")),
    `Chromium says why: ${refusals.join(" | ")}`,
  );
});
