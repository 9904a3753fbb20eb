// Progressive enhancement of the citizens' forms and the share links (layouts/forms.html); every
// form works without this file (native `required` checks, a plain POST to the intake).
//
// On submit, a form with empty required fields (or a malformed e-mail address) is not sent: an
// error summary at its top lists each problem as a link to its field, takes the focus, and each
// field gets its message (aria-invalid, aria-describedby), as the GOV.UK design system does.
(function () {
  "use strict";

  function messageFor(control) {
    if (control.validity.typeMismatch && control.dataset.errorFormat) { return control.dataset.errorFormat; }
    return control.dataset.error || control.validationMessage;
  }

  // The element a problem belongs to: a radio group's fieldset, else the control itself.
  function fieldOf(control) {
    return control.type === "radio" ? control.closest("fieldset") : control;
  }

  function clear(form) {
    form.querySelectorAll(".error-summary, .field-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[data-described]").forEach(function (el) {
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== el.dataset.described;
      });
      if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
      el.removeAttribute("data-described");
      el.removeAttribute("aria-invalid");
    });
    form.querySelectorAll(".form-field-error").forEach(function (el) { el.classList.remove("form-field-error"); });
  }

  function problems(form) {
    var seen = {};
    var found = [];
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!control.willValidate || control.checkValidity()) { return; }
      if (control.type === "radio") {
        if (seen[control.name]) { return; }
        seen[control.name] = true;
      }
      found.push(control);
    });
    return found;
  }

  function mark(control, prefix) {
    var field = fieldOf(control);
    var id = (field.id || control.id) + "-error";
    var message = document.createElement("p");
    message.className = "field-error";
    message.id = id;
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = prefix + ": ";
    message.appendChild(hidden);
    message.appendChild(document.createTextNode(messageFor(control)));
    var wrapper = control.type === "radio" ? field : control.closest(".form-field");
    wrapper.classList.add("form-field-error");
    if (control.type === "radio") {
      field.querySelector(".form-options").before(message);
    } else {
      control.before(message);
      control.setAttribute("aria-invalid", "true");
    }
    var describedBy = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    describedBy.push(id);
    field.setAttribute("aria-describedby", describedBy.join(" "));
    field.dataset.described = id;
  }

  function summarise(form, found) {
    var box = document.createElement("div");
    box.className = "error-summary";
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    var heading = document.createElement("h2");
    heading.className = "error-summary-title";
    heading.textContent = form.dataset.errorTitle;
    box.appendChild(heading);
    var list = document.createElement("ul");
    found.forEach(function (control) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + control.id;
      link.textContent = messageFor(control);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        control.focus();
        (control.labels && control.labels[0] || control).scrollIntoView({block: "center"});
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    form.prepend(box);
    box.focus();
  }

  function enhance(form) {
    form.noValidate = true;  // the summary replaces the browser's own bubbles
    form.addEventListener("submit", function (event) {
      clear(form);
      var found = problems(form);
      if (!found.length) { return; }
      event.preventDefault();
      found.forEach(function (control) { mark(control, form.dataset.errorPrefix); });
      summarise(form, found);
    });
  }

  // The device's share sheet (Zalo and other apps) where the browser offers one.
  function share(button) {
    if (!navigator.share) { return; }
    button.closest("[data-share-item]").hidden = false;
    button.addEventListener("click", function () {
      navigator.share({title: button.dataset.title, url: button.dataset.url}).catch(function () {});
    });
  }

  function start() {
    document.querySelectorAll("form[data-form]").forEach(enhance);
    document.querySelectorAll("[data-share]").forEach(share);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
