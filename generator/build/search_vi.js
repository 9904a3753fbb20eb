// The search of generator/build/search.py for lunr.js: the same "congtt-vi" token function, the same
// query (every word required, adjacent words as preferred pairs and triples, "…" for an exact phrase), the same
// hash placing terms in chunk files and the same weights, so an index written in Python loads piece by
// piece and answers here as it does there. Load after lunr.js; in Node, require() it after lunr.
(function (lunr) {
  "use strict";
  var WORD = /[\p{L}\p{N}_]+/gu;

  function foldVi(text) {
    return text.normalize("NFC").toLowerCase().replace(/đ/g, "d")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }
  // Every precomposed letter whose folded form is one letter (search.py: _fold_table).
  var TABLE = {};
  for (var cp = 0xC0; cp < 0x2000; cp++) {
    var ch = String.fromCharCode(cp);
    var folded = foldVi(ch);
    if (folded !== ch && folded.length === 1 && ch.toLowerCase() === ch) { TABLE[ch] = folded; }
  }
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) { var c = text[i]; out += TABLE[c] || c; }
    return out;
  }
  function foldCase(text) { return text.normalize("NFC").toLowerCase(); }
  function words(text) { return foldCase(text).match(WORD) || []; }

  function viVariants(token) {
    var exact = token.toString();
    var f = fold(exact);
    if (f === exact) { return token; }
    return [token, token.clone(function () { return f; })];
  }
  lunr.Pipeline.registerFunction(viVariants, "congtt-vi");

  // CRC-32 (zlib's) of the key's UTF-8 bytes, modulo the number of chunks: search.py's chunk_of.
  var CRC = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) { c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; }
    CRC[n] = c >>> 0;
  }
  function chunkOf(key, chunks) {
    var bytes = new TextEncoder().encode(key), crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) { crc = CRC[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8); }
    return ((crc ^ 0xFFFFFFFF) >>> 0) % chunks;
  }

  // The folded form that places a term in its chunk; of a triple of words, its first two: search.py's key_of.
  function keyOf(term) {
    return fold(term).split(" ").slice(0, 2).join(" ");
  }

  var QUOTED = /"([^"]*)"|“([^”]*)”/g;
  var CODE = /[\p{L}\p{N}_]+(?:[\/\-.][\p{L}\p{N}_]+)+/gu;

  function queryClauses(query, meta) {
    query = foldCase(query);
    var segments = [], last = 0, m;
    QUOTED.lastIndex = 0;
    while ((m = QUOTED.exec(query)) !== null) {
      segments.push([query.slice(last, m.index), false]);
      segments.push([m[1] !== undefined ? m[1] : m[2], true]);
      last = m.index + m[0].length;
    }
    segments.push([query.slice(last), false]);
    var clauses = [], seen = {}, budget = meta.max_query_words;
    segments.forEach(function (segment) {
      var found = (segment[0].match(WORD) || []).slice(0, Math.max(budget, 0));
      budget -= found.length;
      (segment[0].match(CODE) || []).forEach(function (code) {  // also whole: its words alone are in many items
        if (!seen["w" + code]) { seen["w" + code] = true; clauses.push({term: code, required: false, pipeline: true, boost: meta.code_boost}); }
      });
      found.forEach(function (w) {
        if (!seen["w" + w]) { seen["w" + w] = true; clauses.push({term: w, required: true, pipeline: true, boost: 1}); }
      });
      var f = found.map(fold);
      var together = [];  // pairs, then triples, of adjacent words
      for (var i = 0; i + 1 < f.length; i++) { together.push(f[i] + " " + f[i + 1]); }
      for (i = 0; i + 2 < f.length; i++) { together.push(f[i] + " " + f[i + 1] + " " + f[i + 2]); }
      together.forEach(function (pair) {
        if (!seen["p" + pair]) {
          seen["p" + pair] = true;
          clauses.push({term: pair, required: segment[1], pipeline: false, boost: meta.pair_boost});
        }
      });
    });
    return clauses;
  }

  function clauseTerms(clause) {
    if (!clause.pipeline) { return [clause.term]; }
    var f = fold(clause.term);
    return f === clause.term ? [clause.term] : [clause.term, f];
  }

  function weight(meta, df, tf, boost) {
    var k1 = meta.k1;
    var idf = Math.log(1 + Math.abs((meta.items - df + 0.5) / (df + 0.5)));
    var score = idf * ((k1 + 1) * tf) / (k1 + tf);
    score *= boost;
    return Math.round(score * 1000) / 1000;
  }

  function numbersOf(data) {
    var found = new Set();
    for (var at = 0; at < data.length; at += 3) {
      var n = 0, deltas = data[at + 1];
      for (var k = 0; k < deltas.length; k++) { n += deltas[k]; found.add(n); }
    }
    return found;
  }

  // The items holding every required clause (search.py: candidates); null when none is required.
  function candidates(postings, clauses) {
    var found = null;
    clauses.forEach(function (clause) {
      if (!clause.required) { return; }
      var holders = new Set();
      clauseTerms(clause).forEach(function (t) { numbersOf(postings[t]).forEach(function (n) { holders.add(n); }); });
      if (found === null) { found = holders; } else {
        var both = new Set();
        found.forEach(function (n) { if (holders.has(n)) { both.add(n); } });
        found = both;
      }
    });
    return found;
  }

  function lunrIndex(meta, postings, keep) {
    var inverted = [], vectors = {}, order = [];
    Object.keys(postings).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; }).forEach(function (term, i) {
      var entry = {_index: i};
      meta.fields.forEach(function (name) { entry[name] = {}; });
      var data = postings[term] || [];
      var df = 0, at;  // lunr.idf: the term's postings in every field, kept or not
      for (at = 0; at < data.length; at += 3) { df += data[at + 1].length; }
      for (at = 0; at < data.length; at += 3) {
        var f = data[at], deltas = data[at + 1], counts = data[at + 2];
        var name = meta.fields[f], boost = meta.boosts[f], n = 0;
        for (var k = 0; k < deltas.length; k++) {
          n += deltas[k];
          if (keep && !keep.has(n)) { continue; }
          var ref = String(n), key = name + "/" + ref;
          entry[name][ref] = {};
          if (!vectors[key]) { vectors[key] = []; order.push(key); }
          vectors[key].push(i, weight(meta, df, counts ? +counts[k] : 1, boost));
        }
      }
      inverted.push([term, entry]);
    });
    return {version: lunr.version, fields: meta.fields,
            fieldVectors: order.map(function (key) { return [key, vectors[key]]; }),
            invertedIndex: inverted, pipeline: ["congtt-vi"]};
  }

  // An edition's index, read as search.py's Searcher reads it: `load(path)` returns a promise of the
  // parsed JSON of a file under the search folder; each file is asked for once.
  function Searcher(load) {
    var files = {};
    this.get = function (path) {
      if (!files[path]) { files[path] = load(path); }
      return files[path];
    };
  }
  Searcher.prototype.search = function (query) {
    var self = this;
    return self.get("meta.json").then(function (meta) {
      var clauses = queryClauses(query, meta);
      if (!clauses.length) { return []; }
      var wanted = [];
      clauses.forEach(function (c) { clauseTerms(c).forEach(function (t) { wanted.push(t); }); });
      return Promise.all(wanted.map(function (term) {
        return self.get("chunks/" + chunkOf(keyOf(term), meta.chunks) + ".json");
      })).then(function (chunks) {
        var postings = {};
        wanted.forEach(function (term, i) { postings[term] = chunks[i][term] || []; });
        var keep = candidates(postings, clauses);
        if (keep && !keep.size) { return []; }
        var index = lunr.Index.load(lunrIndex(meta, postings, keep));
        var hits = index.query(function (q) {
          clauses.forEach(function (c) {
            q.term(c.term, {usePipeline: c.pipeline, boost: c.boost,
                            presence: c.required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL});
          });
        }).map(function (r) { return {number: +r.ref, score: r.score}; });
        hits.sort(function (a, b) {
          var d = Math.round(b.score * 1e6) - Math.round(a.score * 1e6);
          return d || a.number - b.number;
        });
        return hits;
      });
    });
  };
  Searcher.prototype.doc = function (number) {
    return this.get("meta.json").then(function (meta) { return meta.docs_per_file; }).then(function (per) {
      return this.get("docs/" + Math.floor(number / per) + ".json").then(function (rows) {
        var r = rows[number % per];
        return {ref: r[0], url: r[1], title: r[2], kind: r[3], date: r[4], summary: r[5], site: r[6]};
      });
    }.bind(this));
  };

  lunr.congtt = {fold: fold, words: words, queryClauses: queryClauses, chunkOf: chunkOf, keyOf: keyOf, Searcher: Searcher};
  lunr.congttFold = fold;
  lunr.congttViVariants = viVariants;
})(typeof lunr !== "undefined" ? lunr : require("lunr"));
