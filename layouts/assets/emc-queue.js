// The EMC operator's queue (_govaq): a page view and the tracker, read from this script tag's
// data attributes, so that no page carries an inline script (Content-Security-Policy allows
// scripts from the site itself and the EMC host only). Runs before the EMC script (async).
(function () {
  "use strict";
  var tag = document.currentScript;
  var queue = window._govaq = window._govaq || [];
  queue.push(["trackPageView"]);
  queue.push(["enableLinkTracking"]);
  queue.push(["setTrackerUrl", tag.getAttribute("data-tracker")]);
  queue.push(["setSiteId", tag.getAttribute("data-site")]);
}());
