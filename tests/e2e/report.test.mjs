// The analysts' report, made by the `analyst` command against the local
// server, opens in Chromium as a self-contained page with its charts.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import {
  ADMIN_TOKEN,
  DESKTOP,
  ZIP_IN,
  artifacts,
  binary,
  formToken,
  openPage,
  screenshot,
  serverAndBrowser,
} from "./helpers.mjs";

const running = serverAndBrowser();

async function sendLetter(email, state) {
  const response = await fetch(`${running.server.base}/c/sesta/letters`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      first_name: "Ada", last_name: "Lovelace", email, street: "1 Main St", city: "Springfield",
      state, zip: ZIP_IN[state], subject: "Please cosponsor S. 1693", message: "Please cosponsor S. 1693.", closing: "Sincerely",
      form_token: await formToken(running.server.base),
    }),
  });
  assert.equal(response.status, 201);
}

test("the report opens on its own, with its charts, and prints its numbers", async () => {
  for (const [n, state] of ["TX", "TX", "CA", "NY", "OH"].entries()) await sendLetter(`r${n}@example.org`, state);
  const out = join(artifacts, "report.html");
  // Options before the subcommand, and (below) after it: both are taken.
  execFileSync(binary("analyst"), ["--url", running.server.base, "--token", ADMIN_TOKEN, "report", "--out", out]);

  const page = await openPage(running.browser, { viewport: DESKTOP });
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

test("a report over a range draws its days without letters as zero, with readable labels", async () => {
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  const out = join(artifacts, "report-range.html");
  execFileSync(binary("analyst"), ["report", "--since", day(-4), "--until", day(1), "--out", out, "--url", running.server.base, "--token", ADMIN_TOKEN]);

  const page = await openPage(running.browser, { viewport: DESKTOP });
  await page.goto(pathToFileURL(out).href);
  const perDay = page.locator("section", { has: page.locator("h2", { hasText: "Letters per day" }) }).locator("svg");
  const bars = await perDay.locator("rect title").allTextContents();
  assert.deepEqual(bars.map((title) => title.split(":")[0]), [day(-4), day(-3), day(-2), day(-1), day(0)]);
  assert.deepEqual(bars.slice(0, 4).map((title) => title.split(": ")[1]), ["0", "0", "0", "0"], "empty days are zero");
  assert.notEqual(bars[4].split(": ")[1], "0");
  // Every date label is inside the chart and none overlaps the next.
  const boxes = await perDay.locator("text.tick").evaluateAll((labels) => labels.map((label) => label.getBoundingClientRect()));
  const chart = await perDay.evaluate((svg) => svg.getBoundingClientRect());
  assert.equal(boxes.length, 5);
  for (const box of boxes) assert.ok(box.left >= chart.left && box.right <= chart.right, "inside the chart");
  for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i - 1].right < boxes[i].left, "labels apart");
  const text = await page.textContent("body");
  assert.match(text, /\d+ of 25,000 letters: \d+(\.\d)?% of the goal/);
  assert.match(text, /UTC/);
  assert.doesNotMatch(await page.title(), /sesta/, "titled with the campaign's title");
  await screenshot(page, "report-range-desktop");
  assert.deepEqual(page.consoleErrors, []);
});
