// Site search: the index is split in shards, newest items first; shard 0 answers most queries,
// older shards load when fewer than ten results were found or when the reader asks for them.
// Needs lunr.js and search-vi.js (the Vietnamese folding registered as "congtt-vi").
(function () {
  "use strict";
  var ENOUGH = 10;

  function clean(text) {
    // Every word is required ("+" in lunr); lunr's other query syntax is not for citizens.
    var words = text.replace(/[:~^*+]/g, " ").replace(/(^|\s)-+/g, " ").trim().split(/\s+/);
    return words.filter(Boolean).map(function (w) { return "+" + w; }).join(" ");
  }

  function highlight(parent, text, wanted) {
    text.split(/(\s+)/).forEach(function (part) {
      var bare = part.replace(/^[^\w\u00C0-\u1EF9]+|[^\w\u00C0-\u1EF9]+$/g, "");
      if (bare && wanted[lunr.congttFold(bare)]) {
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
    if (!form || typeof lunr === "undefined") { return; }
    var shards = JSON.parse(form.getAttribute("data-shards"));
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var input = form.querySelector("input[name=q]");
    input.value = query;
    var list = document.querySelector("[data-search-results]");
    var status = document.querySelector("[data-search-status]");
    var more = document.querySelector("[data-search-more]");
    var terms = clean(query);
    if (!terms) { return; }
    var wanted = {};
    query.split(/\s+/).forEach(function (w) { if (w) { wanted[lunr.congttFold(w)] = true; } });
    var hits = [];
    var loaded = 0;

    function loadNext() {
      var shard = shards[loaded];
      loaded += 1;
      return fetch(shard.url).then(function (r) { return r.json(); }).then(function (data) {
        var index = lunr.Index.load(data.index);
        index.search(terms.normalize("NFC").toLowerCase()).forEach(function (hit) {
          var doc = data.docs[hit.ref];
          // Another site's item the portal may not show (not approved for it): left out, as in its listings.
          if (shard.approved_only && !doc.p) { return; }
          hits.push({score: hit.score, doc: doc});
        });
        // Shards are alike in size and scoring, so their scores are compared as they are.
        hits.sort(function (a, b) { return b.score - a.score; });
      }).catch(function () { /* a site that cannot be reached leaves the others' results */ });
    }

    function render() {
      list.textContent = "";
      hits.forEach(function (hit) {
        var doc = hit.doc;
        var li = document.createElement("li");
        li.className = "item-card";
        var h = document.createElement("h2");
        h.className = "item-title";
        var a = document.createElement("a");
        a.href = doc.u;
        highlight(a, doc.t, wanted);
        h.appendChild(a);
        var meta = document.createElement("p");
        meta.className = "item-meta";
        meta.textContent = [doc.k, doc.d, doc.n].filter(Boolean).join(" · ");
        li.appendChild(h);
        li.appendChild(meta);
        if (doc.s) {
          var p = document.createElement("p");
          p.className = "item-summary";
          highlight(p, doc.s, wanted);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      status.textContent = hits.length ? hits.length + " " + status.getAttribute("data-results-word")
                                       : status.getAttribute("data-none");
      more.hidden = loaded >= shards.length;
    }

    function fill() {
      if (loaded < shards.length && hits.length < ENOUGH) { return loadNext().then(fill); }
      render();
      return null;
    }

    more.addEventListener("click", function () { if (loaded < shards.length) { loadNext().then(render); } });
    fill();
  });
})();
