// A supporter whose browser asks for Spanish writes to their Senators in
// Spanish, with JavaScript: the page, its checks, the thank-you page and
// the email all speak Spanish, and the count reads as Spanish writes it.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  accessibilityViolations,
  count,
  fillLetter,
  openPage,
  serverAndBrowser,
  waitForEmail,
} from "./helpers.mjs";

const running = serverAndBrowser();

test("a Spanish-speaking supporter sends a letter in Spanish and is thanked in Spanish", async () => {
  const page = await openPage(running.browser, { locale: "es-MX" });
  const before = await count(running.server.base);
  await page.goto(`${running.server.base}/c/sesta`);
  assert.equal(await page.getAttribute("html", "lang"), "es");
  assert.match(await page.textContent("h2#take-action-heading"), /Actúe ahora/);
  assert.equal(await page.inputValue("#closing"), "Atentamente");

  await page.click("button[type=submit]");
  await page.locator("#error-summary").waitFor();
  assert.match(await page.textContent("#error-summary h3"), /Por favor, corrija \d+ campos/);
  assert.match(await page.textContent("#email-error"), /Escriba su dirección de correo electrónico/);

  await fillLetter(page, { email: "es@example.org" });
  await page.waitForFunction(() => document.querySelector("#recipients").textContent.includes("Cornyn"));
  assert.match(await page.textContent("#recipients"), /Su carta irá a Senador\(a\) John Cornyn/);
  await Promise.all([page.waitForURL("**/c/sesta/thanks?state=TX"), page.click("button[type=submit]")]);
  assert.match(await page.textContent("main"), /Gracias por escribir/);
  assert.deepEqual(await accessibilityViolations(page), [], "the Spanish thank-you page");
  assert.equal(await count(running.server.base), before + 1);

  const email = await waitForEmail(running.server.dataDir, "es@example.org");
  assert.match(email, /<html lang="es">/);
  assert.match(email, /Como residente de su estado, le escribo/);
  assert.match(email, /Atentamente,/);
  assert.deepEqual(page.consoleErrors.filter((error) => !error.includes("status of 422")), []);
});

test("the switch is a link that keeps the choice without a cookie", async () => {
  const page = await openPage(running.browser);
  await page.goto(`${running.server.base}/c/sesta`);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await Promise.all([page.waitForURL("**/c/sesta?lang=es"), page.click("nav.languages a[lang=es]")]);
  assert.equal(await page.getAttribute("html", "lang"), "es");
  await page.goto(`${running.server.base}/c/sesta`);
  await page.waitForURL("**/c/sesta?lang=es");
  assert.equal(await page.getAttribute("html", "lang"), "es", "remembered in this browser");
  assert.deepEqual(await page.context().cookies(), [], "no cookie");
});
