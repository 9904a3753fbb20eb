// Answer queries with real lunr.js over an index built by Python: node search_node.js INDEX.json QUERIES.json
"use strict";
const path = require("path");
const fs = require("fs");
const repo = path.resolve(__dirname, "..", "..");
global.lunr = require(path.join(repo, "node_modules", "lunr"));
require(path.join(repo, "generator", "build", "search_vi.js"));
const index = lunr.Index.load(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = {};
for (const q of queries) {
  out[q] = index.search(q.normalize("NFC").toLowerCase()).map((hit) => hit.ref);
}
process.stdout.write(JSON.stringify(out));
