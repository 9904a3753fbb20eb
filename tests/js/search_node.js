// Answer queries with real lunr.js over an index written by Python, read piece by piece as the
// browser reads it (search-vi.js: lunr.congtt.Searcher):
//   node search_node.js FOLDER QUERIES.json   → {query: {hits: [[number, score], …], fetched: [path, …]}}
"use strict";
const path = require("path");
const fs = require("fs");
const repo = path.resolve(__dirname, "..", "..");
global.lunr = require(path.join(repo, "node_modules", "lunr"));
require(path.join(repo, "generator", "build", "search_vi.js"));
const folder = process.argv[2];
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
(async () => {
  const out = {};
  for (const q of queries) {
    const fetched = [];
    const searcher = new lunr.congtt.Searcher((p) => {
      fetched.push(p);
      return Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, p), "utf8")));
    });
    const hits = await searcher.search(q);
    out[q] = {hits: hits.map((h) => [h.number, h.score]), fetched};
  }
  process.stdout.write(JSON.stringify(out));
})();
