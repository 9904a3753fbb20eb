// Site search: the edition's index (generator/build/search.py) is split by terms; a query fetches
// meta.json, then the chunk files holding its words and pairs of words, then the result list's docs
// files, each file once (search-vi.js: lunr.congtt.Searcher). Needs lunr.js and search-vi.js.
(function () {
  "use strict";
  var PAGE = 10;

  function highlight(parent, text, wanted) {
    text.split(/(\s+)/).forEach(function (part) {
      var bare = part.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, "");
      if (bare && wanted[lunr.congttFold(bare.normalize("NFC").toLowerCase())]) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-search]");
    if (!form || typeof lunr === "undefined" || !lunr.congtt) { return; }
    var base = form.getAttribute("data-index");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var input = form.querySelector("input[name=q]");
    input.value = query;
    var list = document.querySelector("[data-search-results]");
    var status = document.querySelector("[data-search-status]");
    var more = document.querySelector("[data-search-more]");
    if (!lunr.congtt.words(query).length) {
      // a query of signs alone (`*`, `:`) holds no word to look for: said, not left blank
      if (query.trim()) { status.textContent = status.getAttribute("data-no-words"); }
      return;
    }
    var wanted = {};
    lunr.congtt.words(query).forEach(function (w) { wanted[lunr.congttFold(w)] = true; });
    var version = null;
    var searcher = new lunr.congtt.Searcher(function (path) {
      // meta.json names the index's version: the other files are asked for under it, so a page never
      // mixes files of two builds in a browser's cache
      var url = base + path + (version ? "?v=" + version : "");
      return fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      }).then(function (data) { if (path === "meta.json") { version = data.version; } return data; });
    });
    var hits = [], shown = 0;

    function card(doc) {
      var li = document.createElement("li");
      li.className = "item-card";
      var h = document.createElement("h2");
      h.className = "item-title";
      var a = document.createElement("a");
      a.href = doc.url;
      highlight(a, doc.title, wanted);
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "item-meta";
      meta.textContent = [doc.kind, doc.date, doc.site].filter(Boolean).join(" · ");
      li.appendChild(h);
      li.appendChild(meta);
      if (doc.summary) {
        var p = document.createElement("p");
        p.className = "item-summary";
        highlight(p, doc.summary, wanted);
        li.appendChild(p);
      }
      return li;
    }

    function showMore() {
      var next = hits.slice(shown, shown + PAGE);
      shown += next.length;
      return Promise.all(next.map(function (hit) { return searcher.doc(hit.number); })).then(function (docs) {
        docs.forEach(function (doc) { list.appendChild(card(doc)); });
        more.hidden = shown >= hits.length;
      });
    }

    searcher.search(query).then(function (found) {
      hits = found;
      status.textContent = hits.length ? hits.length + " " + status.getAttribute(
        hits.length === 1 ? "data-result-word" : "data-results-word") : status.getAttribute("data-none");
      return showMore();
    }).catch(function () {  // the index could not be fetched: not the same as nothing found
      status.textContent = status.getAttribute("data-failed");
    });
    more.addEventListener("click", function () { showMore(); });
  });
})();
