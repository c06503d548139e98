// The analysts' report, made by the `analyst` command against the local
// server, opens in Chromium as a self-contained page with its charts.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, DESKTOP, ZIP_IN, artifacts, binary, formToken, launchBrowser, openPage, screenshot, startServer } from "./helpers.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function sendLetter(email, state) {
  const response = await fetch(`${server.base}/c/sesta/letters`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      first_name: "Ada", last_name: "Lovelace", email, street: "1 Main St", city: "Springfield",
      state, zip: ZIP_IN[state], subject: "Please cosponsor S. 1693", message: "Please cosponsor S. 1693.", closing: "Sincerely",
      form_token: await formToken(server.base),
    }),
  });
  assert.equal(response.status, 201);
}

test("the report opens on its own, with its charts, and prints its numbers", async () => {
  for (const [n, state] of ["TX", "TX", "CA", "NY", "OH"].entries()) await sendLetter(`r${n}@example.org`, state);
  const out = join(artifacts, "report.html");
  execFileSync(binary("analyst"), ["--url", server.base, "--token", ADMIN_TOKEN, "report", "--out", out]);

  const page = await openPage(browser, { viewport: DESKTOP });
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(out).href);
  assert.equal(await page.locator("svg").count(), 3, "three charts");
  assert.equal(await page.locator("svg rect").count() >= 5, true);
  assert.match(await page.textContent("body"), /Letters\s*5/);
  assert.deepEqual(requests, [pathToFileURL(out).href], "nothing else is fetched");
  await screenshot(page, "report-desktop");
  assert.deepEqual(page.consoleErrors, []);
});
