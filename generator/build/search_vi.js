// The Vietnamese token folding of generator/search.py, registered under the same label, so an
// index built in Python loads and answers here. Load after lunr.js.
(function (lunr) {
  "use strict";
  function fold(text) {
    return text.normalize("NFC").toLowerCase()
      .replace(/đ/g, "d")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }
  function viVariants(token) {
    var exact = token.toString();
    var folded = fold(exact);
    if (folded === exact) { return token; }
    return [token, token.clone(function () { return folded; })];
  }
  lunr.Pipeline.registerFunction(viVariants, "congtt-vi");
  lunr.congttFold = fold;
  lunr.congttViVariants = viVariants;
})(typeof lunr !== "undefined" ? lunr : require("lunr"));
