// Starts the real local server (the binary `cargo run -p local` runs) on a
// free port with a fresh data directory, and Debian's Chromium to drive it.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
export const artifacts = join(root, "test-artifacts");
mkdirSync(join(artifacts, "screenshots"), { recursive: true });

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The token the local server's analysts' routes take in these tests. */
export const ADMIN_TOKEN = "e2e-admin-token";

/** The path of a binary the workspace builds. */
export const binary = (name) => join(targetDir, "debug", name);

/**
 * A campaign directory (for CAMPAIGNS_DIR) holding the launch campaign as
 * `slug`, writing to the whole delegation: both Senators and the House.
 */
export function congressCampaignDir(slug) {
  const campaigns = mkdtempSync(join(tmpdir(), "letters-e2e-campaigns-"));
  const launch = readFileSync(join(root, "core/campaigns/sesta.toml"), "utf8");
  const congress = launch.replace('slug = "sesta"', `slug = "${slug}"`).replace('targets = "senators"', 'targets = "congress"');
  writeFileSync(join(campaigns, "congress.toml"), congress);
  return campaigns;
}

/** The local server on a free port, with `env` added to its environment; `stop()` ends it. */
export async function startServer(env = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "letters-e2e-"));
  // A browser fills the form faster than a person, and the tests read the
  // count as stored: the timing check and the count's cache have tests of their own.
  env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    RUST_LOG: "warn",
    ADMIN_TOKEN,
    MIN_FILL_SECONDS: "0",
    COUNT_CACHE_SECONDS: "0",
    ...env,
  };
  delete env.AWS_ENDPOINT_URL;
  const child = spawn(binary("local"), [], { env, stdio: ["ignore", "inherit", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) {
        return { base, dataDir, stop: () => child.kill() };
      }
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  child.kill();
  throw new Error("the local server did not start");
}

/** Debian's Chromium, headless, kept off the network it cannot reach; `args` added to its own. */
export function launchBrowser(args = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...args,
    ],
  });
}

/**
 * The local server (started with `env`) and a Chromium, for one test file:
 * started before its tests and stopped after them, as `running.server` and
 * `running.browser`.
 */
export function serverAndBrowser(env = {}) {
  const running = {};
  before(async () => {
    running.server = await startServer(env);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    running.server?.stop();
  });
  return running;
}

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

/** A page that fails the test on any console error (a CSP violation, say). */
export async function openPage(browser, { viewport = PHONE, javaScriptEnabled = true, locale } = {}) {
  // `locale` sets the browser's language, and so its Accept-Language.
  const context = await browser.newContext({ viewport, javaScriptEnabled, locale });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => page.consoleErrors.push(String(error)));
  return page;
}

/** axe-core's WCAG 2.1 A and AA violations on the page as it stands. */
export async function accessibilityViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP doesn't govern.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** Whether anything sticks out sideways. */
export function overflowsHorizontally(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifacts, "screenshots", `${name}.png`), fullPage: true });
}

/** The HTML part of the email sent to `to`, once the server has written it. */
export async function waitForEmail(dataDir, to) {
  const outbox = join(dataDir, "outbox");
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const name of existsSync(outbox) ? readdirSync(outbox) : []) {
      if (!name.endsWith(".eml")) continue;
      const eml = readFileSync(join(outbox, name), "utf8");
      if (eml.includes(`To: ${to}`)) return readFileSync(join(outbox, name.replace(/\.eml$/, ".html")), "utf8");
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`no email to ${to}`);
}

/** A fresh form token, as the page's script fetches it. */
export async function formToken(base) {
  return (await (await fetch(`${base}/c/sesta/form-token`)).json()).form_token;
}

/**
 * Sends a form as a visitor without JavaScript does: the page comes without
 * a token, so the first send is asked once more (everything typed kept),
 * and the second, one click later, reaches `thanks`.
 */
export async function sendAskedOnceMore(page, thanks) {
  await page.click("button[type=submit]");
  await page.locator("#notice").waitFor();
  if (!/send it once more/.test(await page.textContent("#notice"))) throw new Error("not asked once more");
  await Promise.all([page.waitForURL(thanks), page.click("button[type=submit]")]);
}

export async function count(base, slug = "sesta") {
  return (await (await fetch(`${base}/c/${slug}/count`)).json()).count;
}

/** A ZIP code in each state the tests write from (the server checks that they agree). */
export const ZIP_IN = { TX: "78701", CA: "94103", DC: "20001", NY: "10001", OH: "43215" };

/** Fills every field of the letter form for a supporter in `state`. */
export async function fillLetter(page, { email, state = "TX" }) {
  await page.fill("#first_name", "Ada");
  await page.fill("#last_name", "Lovelace");
  await page.fill("#email", email);
  await page.fill("#street", "1 Congress Ave");
  await page.fill("#city", "Austin");
  await page.selectOption("#state", state);
  await page.fill("#zip", ZIP_IN[state]);
}
