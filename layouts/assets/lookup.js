// Document lookup (tra cứu văn bản): filters the table the page already holds, from the
// query string, so every combination of filters is a link one can share. Needs lunr.js and
// search-vi.js (the Vietnamese folding) for the words; without JavaScript the table lists all.
(function () {
  "use strict";
  var FILTERS = ["hinh-thuc", "co-quan", "linh-vuc", "nam", "hieu-luc"];

  function cleanQuery(text) {
    // lunr's query syntax (field:, ~, ^, +, leading -) is not for citizens: keep the words, and
    // require every one of them, as a lookup should ("+" is lunr's "must contain").
    var words = text.replace(/[:~^*+]/g, " ").replace(/(^|\s)-+/g, " ").trim().split(/\s+/);
    return words.filter(Boolean).map(function (word) { return "+" + word; }).join(" ");
  }

  function run(form, rows, ranked) {
    var params = new URLSearchParams(window.location.search);
    var shown = 0;
    var body = rows.length ? rows[0].parentNode : null;
    var order = ranked ? ranked : rows.map(function (row) { return row.getAttribute("data-ref"); });
    var byRef = {};
    rows.forEach(function (row) { byRef[row.getAttribute("data-ref")] = row; row.hidden = true; });
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
    var query = cleanQuery(params.get("q") || "");
    if (!query || typeof lunr === "undefined") { run(form, rows, null); return; }
    fetch(form.getAttribute("data-index"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var index = lunr.Index.load(data);
        var hits = index.search(query.normalize("NFC").toLowerCase());
        run(form, rows, hits.map(function (hit) { return hit.ref; }));
      })
      .catch(function () { run(form, rows, null); });
  });
})();
