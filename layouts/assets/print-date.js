// A printed page (an article, a week of the work schedule) says when it was printed: every
// [data-print-date] gets today's date, at load and again just before printing. Without this
// file the line keeps its dots, to be filled in by hand. (Not the build's date: pages are built
// from content and git only, and a page printed a month after its build must not claim the
// build's day as its print date.)
(function () {
  function today() {
    var d = new Date();
    if (document.documentElement.lang === "vi") {
      var month = d.getMonth() + 1;
      return "ngày " + String(d.getDate()).padStart(2, "0") + " tháng " +
        (month <= 2 ? "0" + month : String(month)) + " năm " + d.getFullYear();
    }
    return d.toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
  }
  function stamp() {
    document.querySelectorAll("[data-print-date]").forEach(function (el) { el.textContent = today(); });
  }
  window.addEventListener("beforeprint", stamp);
  document.addEventListener("DOMContentLoaded", stamp);
})();
