/* While a worker types a need: suggest 課題分類 and show how many other persons have a
 * similar need (counts only). Progressive enhancement: the form works without it.
 * The textarea carries data-suggest; its form carries data-suggest-url, data-person and
 * the translated label data-msg-use ("この分類にする"). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) { return; }
  var text = form.querySelector("textarea[data-suggest]");
  var select = form.querySelector("select[name=category]");
  var box = document.getElementById("need-suggestions");
  if (!text || !select || !box) { return; }
  var timer = null;
  var last = "";

  function render(data) {
    box.textContent = "";
    if (data.categories.length) {
      var p = document.createElement("p");
      p.textContent = form.getAttribute("data-msg-suggested");
      box.appendChild(p);
      data.categories.forEach(function (c) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button button--quiet";
        b.textContent = c.label + " — " + form.getAttribute("data-msg-use");
        b.setAttribute("data-category", String(c.pk));
        b.addEventListener("click", function () {
          select.value = String(c.pk);
          select.focus();
        });
        box.appendChild(b);
      });
      if (!select.value) { select.value = String(data.categories[0].pk); }
    }
    if (data.similar) {
      var s = document.createElement("p");
      s.className = "need-similar";
      s.textContent = data.similar;
      box.appendChild(s);
    }
    if (data.nearest) {
      var n = document.createElement("p");
      n.className = "need-similar";
      n.textContent = data.nearest;
      box.appendChild(n);
    }
  }

  function ask() {
    var value = text.value.trim();
    if (value === last || value.length < 4) { return; }
    last = value;
    var url = form.getAttribute("data-suggest-url") + "?text=" + encodeURIComponent(value);
    var person = form.getAttribute("data-person");
    if (person) { url += "&person=" + encodeURIComponent(person); }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* suggestions are optional */ });
  }

  text.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 300);
  });
})();
