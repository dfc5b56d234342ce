/* 郵便番号から市町村・住所を補う (progressive enhancement: the form works without it).
 * The postal-code input carries data-postal-url (a lookup URL ending in /0000000/),
 * data-municipality and data-address (ids of the fields to fill), and the translated
 * messages data-msg-outside and data-msg-failed. The lookup is served
 * by this application from offline data; nothing leaves the network. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-postal-url]");
  if (!input || !window.fetch) { return; }
  var municipality = document.getElementById(input.getAttribute("data-municipality"));
  var address = document.getElementById(input.getAttribute("data-address"));
  var status = document.createElement("p");
  status.className = "field__help";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  input.parentNode.appendChild(status);
  var lastLooked = "";
  var lastFilled = address ? address.value : "";

  function digits(text) {
    return text.replace(/[０-９]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/[^0-9]/g, "");
  }

  function fill(data) {
    var rest = data.neighborhood;
    if (municipality) {
      if (data.municipality) {
        municipality.value = String(data.municipality.id);
      } else {
        municipality.value = "";
        rest = data.prefecture + data.city + data.neighborhood;
      }
    }
    // Never overwrite what the user typed: only an empty field or our own earlier guess.
    if (address && (address.value === "" || address.value === lastFilled)) {
      address.value = rest;
      lastFilled = rest;
    }
    status.textContent = data.municipality
      ? "〒" + data.postal_code + "：" + data.prefecture + data.city + data.neighborhood
      : "〒" + data.postal_code + "：" + data.prefecture + data.city + data.neighborhood +
        input.getAttribute("data-msg-outside");
  }

  function lookup() {
    var code = digits(input.value);
    if (code.length !== 7 || code === lastLooked) { return; }
    lastLooked = code;
    var url = input.getAttribute("data-postal-url").replace("0000000", code);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (result.ok) { fill(result.data); } else { status.textContent = result.data.error || ""; }
      })
      .catch(function () {
        status.textContent = input.getAttribute("data-msg-failed");
      });
  }

  input.addEventListener("input", lookup);
  input.addEventListener("change", lookup);
}());
