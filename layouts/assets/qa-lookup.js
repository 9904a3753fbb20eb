// Ticket lookup (tra cứu theo mã phiếu): /hoi-dap/tra-cuu/?ma=HD-2026-000123 shows that ticket's
// status, due date and a link to its answer, read from the JSON file of the year in the code, which
// the build writes beside the lookup (data-tickets: /hoi-dap/tra-cuu/{year}.json), so a reader
// downloads one year's tickets, never all of them. Everything is set as text, never as HTML.
// Without JavaScript the page's table lists one year's tickets, and the form still sends the code.
(function () {
  "use strict";

  function normalise(code) {
    return (code || "").normalize("NFC").trim().toUpperCase().replace(/\s+/g, "");
  }

  function line(box, label, value) {
    if (!value) { return; }
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = label + ": ";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(value));
    box.appendChild(p);
  }

  function safeUrl(url) {
    return /^(https:\/\/|\/(?!\/))/.test(url || "") ? url : "";
  }

  function show(box, code, ticket) {
    box.textContent = "";
    var d = box.dataset;
    if (!ticket) {
      var missing = document.createElement("p");
      missing.textContent = code + ": " + d.notFound;
      box.appendChild(missing);
    } else {
      var heading = document.createElement("h2");
      heading.textContent = d.labelTicket + " " + code;
      box.appendChild(heading);
      line(box, d.labelState, ticket.state_label + (ticket.closed ? " (" + ticket.closed + ")" : ""));
      line(box, d.labelReceived, ticket.received);
      line(box, d.labelDue, ticket.due);
      line(box, d.labelReason, ticket.reason);
      var url = safeUrl(ticket.url);
      if (url) {
        var p = document.createElement("p");
        var a = document.createElement("a");
        a.href = url;
        a.textContent = d.open + ": " + ticket.title;
        p.appendChild(a);
        box.appendChild(p);
      }
    }
    box.hidden = false;
    box.setAttribute("data-qa-done", "");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-qa-lookup]");
    var box = document.querySelector("[data-qa-result]");
    if (!form || !box) { return; }
    var code = normalise(new URLSearchParams(window.location.search).get("ma"));
    if (!code) { return; }
    form.elements.ma.value = code;
    var year = /^[A-Z]{1,6}-([0-9]{4})-[0-9]{3,8}$/.exec(code);
    if (!year) { show(box, code, null); return; }
    fetch(form.getAttribute("data-tickets").replace("{year}", year[1]))
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }  // no ticket of that year
        return response.json();
      })
      .then(function (data) {
        var tickets = data.tickets || {};
        show(box, code, Object.prototype.hasOwnProperty.call(tickets, code) ? tickets[code] : null);
      })
      .catch(function () { show(box, code, null); });
  });
})();
