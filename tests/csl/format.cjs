// Format CSL-JSON items with citeproc-js, the CSL engine of Zotero and Mendeley.
//
// Usage: node tests/csl/format.cjs STYLE.csl LOCALE.xml < items.json
// where items.json is a list of {"item": <CSL-JSON item>, "locator": "4"} (locator optional,
// labelled "section"). Prints a JSON list of {"citation": HTML, "entry": HTML}, one per item,
// in order. Every item gets an engine of its own, so that each is formatted as a first and
// only citation (no "subsequent" short notes, no disambiguation between the items).
"use strict";

const fs = require("node:fs");
const path = require("node:path");

// citeproc lives with the browser checks' npm packages (tests/browser/package.json).
const CSL = require(path.join(__dirname, "..", "browser", "node_modules", "citeproc"));

function format(styleXml, localeXml, item, locator) {
  const sys = {
    retrieveLocale: () => localeXml,
    retrieveItem: (id) => (id === item.id ? item : undefined),
  };
  const engine = new CSL.Engine(sys, styleXml, "en-US", true);
  engine.setOutputFormat("html");
  const cited = { id: item.id };
  if (locator) {
    cited.locator = locator;
    cited.label = "section";
  }
  engine.updateItems([item.id]);
  const citation = engine.makeCitationCluster([cited]);
  const bibliography = engine.makeBibliography();
  return { citation, entry: bibliography ? bibliography[1].join("") : "" };
}

function main() {
  const [stylePath, localePath] = process.argv.slice(2);
  if (!stylePath || !localePath) {
    process.stderr.write("usage: node format.cjs STYLE.csl LOCALE.xml < items.json\n");
    process.exit(2);
  }
  const styleXml = fs.readFileSync(stylePath, "utf8");
  const localeXml = fs.readFileSync(localePath, "utf8");
  const requests = JSON.parse(fs.readFileSync(0, "utf8"));
  const results = requests.map((r) => format(styleXml, localeXml, r.item, r.locator || ""));
  process.stdout.write(JSON.stringify(results, null, 1) + "\n");
}

main();
