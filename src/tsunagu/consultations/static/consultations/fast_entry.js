/* Consultation fast entry (issue 21 item 5): 支援内容 by keyboard without tabbing past every
 * checkbox, and a missing 支援内容 said before the round trip, in the field's own words.
 *
 * - A search box above the topics: typing narrows the list, Enter ticks the first match.
 * - Number keys 1–9 tick or untick the topic of that number (shown next to each) while the
 *   focus is in the topics (or in the empty search box).
 * - The topics are one stop of the Tab key (the arrow keys move between them), not thirteen.
 * - On submit with no topic ticked: the message the server would give, shown in the field,
 *   and the focus goes to the search box. The server still checks (this is an enhancement).
 * Translated texts come in data- attributes of the checkboxes. */
(function () {
  "use strict";
  var first = document.querySelector("input[data-topic-picker]");
  if (!first || !first.form) { return; }
  var form = first.form;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + first.name + '"]'));
  var group = first.closest("fieldset") || first.parentNode;
  var text = function (name) { return first.getAttribute("data-" + name) || ""; };
  var labelOf = function (box) { var l = box.closest("label"); return l ? l.textContent.replace(/^\s*\d\s*/, "").trim() : ""; };
  var rowOf = function (box) { return box.closest("label").parentNode; };

  boxes.forEach(function (box, i) {
    if (i >= 9) { return; }
    var key = document.createElement("span");
    key.className = "topic-key";
    key.setAttribute("aria-hidden", "true");
    key.textContent = String(i + 1);
    box.insertAdjacentElement("afterend", key);
    box.setAttribute("aria-keyshortcuts", String(i + 1));
  });

  var wrap = document.createElement("div");
  wrap.className = "topic-filter";
  var label = document.createElement("label");
  label.htmlFor = first.name + "-filter";
  label.textContent = text("filter-label");
  var input = document.createElement("input");
  input.type = "search";
  input.id = first.name + "-filter";
  input.autocomplete = "off";
  input.setAttribute("enterkeyhint", "done");
  var status = document.createElement("p");
  status.className = "topic-filter__status";
  status.setAttribute("role", "status");
  wrap.appendChild(label);
  wrap.appendChild(input);
  wrap.appendChild(status);
  var list = document.getElementById(first.id.replace(/_\d+$/, "")) || rowOf(first).parentNode;
  list.parentNode.insertBefore(wrap, list);

  var error = document.createElement("div");
  error.className = "field__errors";
  error.id = first.name + "-client-error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  wrap.parentNode.insertBefore(error, wrap);

  var fold = function (s) {  // katakana to hiragana, lower case, no spaces
    return s.toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    }).replace(/\s+/g, "");
  };
  var matches = function () {
    var q = fold(input.value);
    return boxes.filter(function (box) { return !q || fold(labelOf(box)).indexOf(q) !== -1; });
  };
  var clearError = function () {
    if (!error.hidden) { error.hidden = true; error.textContent = ""; group.classList.remove("field--error"); }
  };
  var toggle = function (box) {
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    status.textContent = (box.checked ? text("picked") : text("unpicked")).replace("%s", labelOf(box));
    if (box.checked) { clearError(); }
  };

  input.addEventListener("input", function () {
    var shown = matches();
    boxes.forEach(function (box) { rowOf(box).hidden = shown.indexOf(box) === -1; });
    status.textContent = shown.length ? "" : text("no-match");
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      var shown = matches();
      if (input.value && shown.length) {
        toggle(shown[0]);
        input.value = "";
        boxes.forEach(function (box) { rowOf(box).hidden = false; });
      }
    } else if (/^[1-9]$/.test(event.key) && input.value === "" && !event.isComposing) {
      var box = boxes[Number(event.key) - 1];
      if (box) { event.preventDefault(); toggle(box); }
    }
  });
  // One Tab stop for the topics (roving tabindex): the arrow keys move between them.
  var focusBox = function (box) {
    boxes.forEach(function (b) { b.tabIndex = b === box ? 0 : -1; });
    box.focus();
  };
  boxes.forEach(function (box, i) { box.tabIndex = i === 0 ? 0 : -1; });
  group.addEventListener("keydown", function (event) {
    if (event.target.type !== "checkbox") { return; }
    var visible = boxes.filter(function (b) { return !rowOf(b).hidden; });
    var at = visible.indexOf(event.target);
    if (/^[1-9]$/.test(event.key)) {
      var box = boxes[Number(event.key) - 1];
      if (box) { event.preventDefault(); toggle(box); }
    } else if ((event.key === "ArrowDown" || event.key === "ArrowRight") && at < visible.length - 1) {
      event.preventDefault();
      focusBox(visible[at + 1]);
    } else if ((event.key === "ArrowUp" || event.key === "ArrowLeft") && at > 0) {
      event.preventDefault();
      focusBox(visible[at - 1]);
    }
  });
  boxes.forEach(function (box) { box.addEventListener("change", function () { if (box.checked) { clearError(); } }); });

  form.addEventListener("submit", function (event) {
    if (boxes.some(function (box) { return box.checked; })) { return; }
    event.preventDefault();
    error.textContent = text("required-message");
    error.hidden = false;
    group.classList.add("field--error");
    input.setAttribute("aria-describedby", error.id);
    input.focus();
  });
})();
