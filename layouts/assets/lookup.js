// Document lookup (tra cứu văn bản): filters the table the page already holds, from the
// query string, so every combination of filters is a link one can share. Needs lunr.js and
// search-vi.js (the Vietnamese folding) for the words; without JavaScript the table lists all.
(function () {
  "use strict";
  var FILTERS = ["hinh-thuc", "co-quan", "linh-vuc", "nam", "hieu-luc"];

  function run(form, rows, ranked) {
    var params = new URLSearchParams(window.location.search);
    var shown = 0;
    var body = rows.length ? rows[0].parentNode : null;
    var order = ranked ? ranked : rows.map(function (row) { return row.getAttribute("data-n"); });
    var byRef = {};
    rows.forEach(function (row) { byRef[row.getAttribute("data-n")] = row; row.hidden = true; });
    order.forEach(function (ref) {
      var row = byRef[ref];
      if (!row) { return; }
      var ok = FILTERS.every(function (name) {
        var wanted = params.get(name);
        return !wanted || row.getAttribute("data-" + name) === wanted;
      });
      if (ok) { row.hidden = false; shown += 1; body.appendChild(row); }
    });
    var count = document.querySelector("[data-lookup-count] span");
    if (count) { count.textContent = String(shown); }
    form.setAttribute("data-lookup-done", "");  // the table now shows what the address asks for
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-lookup]");
    if (!form) { return; }
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && params.has(el.name)) { el.value = params.get(el.name); }
    });
    var rows = Array.prototype.slice.call(document.querySelectorAll(".lookup-table tbody tr"));
    var query = params.get("q") || "";
    if (!query.trim() || typeof lunr === "undefined" || !lunr.congtt) { run(form, rows, null); return; }
    // the words are looked up in the edition's search index, the one the site search reads
    var base = form.getAttribute("data-index");
    var searcher = new lunr.congtt.Searcher(function (path) {
      return fetch(base + path).then(function (response) { return response.json(); });
    });
    searcher.search(query)
      .then(function (hits) { run(form, rows, hits.map(function (hit) { return String(hit.number); })); })
      .catch(function () { run(form, rows, null); });
  });
})();
