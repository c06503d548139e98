// The CloudFront Function that puts a visitor's language in the cache key,
// run as deployed: its code is read from the SAM template itself.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";

const template = readFileSync(join(resolve(import.meta.dirname, "../.."), "infra/template.yaml"), "utf8");

/** The `FunctionCode: |` block of the CdnLanguage resource, its indentation taken off. */
function functionCode() {
  const resource = template.slice(template.indexOf("\n  CdnLanguage:\n"));
  const lines = resource.split("\n");
  const start = lines.findIndex((line) => line.trim() === "FunctionCode: |");
  const body = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && !line.startsWith("        ")) break;
    body.push(line.slice(8));
  }
  return body.join("\n");
}

const handler = new Function(`${functionCode()}\nreturn handler;`)();

/** A viewer request as CloudFront hands it to the function (cloudfront-js-2.0's event shape). */
function viewerRequest({ method = "GET", acceptLanguage, query = {} } = {}) {
  const headers = acceptLanguage === undefined ? {} : { "accept-language": { value: acceptLanguage } };
  const querystring = Object.fromEntries(Object.entries(query).map(([name, value]) => [name, { value }]));
  return { version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "192.0.2.1" }, request: { method, uri: "/c/sesta", headers, querystring, cookies: {} } };
}

function languageFor(acceptLanguage, options = {}) {
  return handler(viewerRequest({ acceptLanguage, ...options })).querystring.lang?.value;
}

test("a visitor's Accept-Language puts lang=es or lang=en in the query", () => {
  const cases = [
    ["es", "es", "Spanish alone"],
    ["es-MX,es;q=0.9,en;q=0.8", "es", "a Mexican browser"],
    ["en-US,en;q=0.9,es;q=0.8", "en", "English first"],
    ["es-419, en-US", "es", "a tie goes to the first listed"],
    ["en;q=0.5, es;q=0.7", "es", "weights, not order"],
    ["fr-FR, es;q=0.5", "es", "Spanish is the only language offered that is wanted"],
    ["fr-FR, de", "en", "neither offered: English"],
    ["es;q=0, en;q=0.1", "en", "q=0 is not wanted"],
    ["ES", "es", "case does not matter"],
    ["*", "en", "anything: English"],
    ["", "en", "empty"],
    [undefined, "en", "no header"],
    ["es;q=2, en;q=0.1", "en", "a weight above 1 is unreadable, and skipped"],
    ["es;q=0.5x", "en", "a malformed weight is skipped"],
    [`${"xx;q=0.1,".repeat(20)}es`, "en", "only the first 20 ranges are read"],
    [`${" ".repeat(600)}es`, "en", "only the first 512 characters are read"],
    [`${"a".repeat(100_000)}, es`, "en", "a huge header is cut, not parsed"],
  ];
  for (const [header, expected, why] of cases) {
    assert.equal(languageFor(header), expected, `${why}: ${JSON.stringify(header)?.slice(0, 40)}`);
  }
});

test("a request that names its language, or is not a GET or HEAD, is left as it came", () => {
  assert.equal(languageFor("es", { query: { lang: "en" } }), "en", "the visitor's choice stands");
  assert.equal(languageFor("en", { query: { lang: "es", source: "acme" } }), "es");
  const post = handler(viewerRequest({ method: "POST", acceptLanguage: "es" }));
  assert.equal(post.querystring.lang, undefined, "a letter's post is not touched");
  assert.equal(languageFor("es", { method: "HEAD" }), "es", "HEAD shares GET's cache");
  const other = handler(viewerRequest({ acceptLanguage: "es", query: { source: "acme" } }));
  assert.deepEqual(Object.keys(other.querystring).sort(), ["lang", "source"], "other parameters are kept");
});
