// Progress of a long import on a page (core/_import_progress.html): counted steps and a bar.
//
// A form with data-progress="ID" is sent in the background (XMLHttpRequest) instead of by
// the browser, so that the page can show step 1/2 (sending the file: a bar with the share
// sent) and step 2/2 (the server reads, checks and writes every row: a moving bar, since
// it says nothing until it is done). The server's answer (the page after the import, with its
// messages or its list of errors) then replaces this page. Without JavaScript the form is
// sent as usual. The texts come from the element's data attributes (translated there).
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-progress]");
  if (!forms.length || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  Array.prototype.forEach.call(forms, function (form) {
    var box = document.getElementById(form.getAttribute("data-progress"));
    if (!box) {
      return;
    }
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");

    function say(message) {
      text.textContent = message;
    }

    form.addEventListener("submit", function (event) {
      if (!form.checkValidity()) {
        return;
      }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
      }
      // What the page says about the previous import is not about this one.
      Array.prototype.forEach.call(
        document.querySelectorAll(".messages, .form-errors, #import-result"),
        function (element) {
          element.hidden = true;
        }
      );
      box.hidden = false;
      bar.max = 100;
      bar.value = 0;
      say(box.getAttribute("data-sending").replace("{percent}", "0"));
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("action") || window.location.href);
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable && e.total > 0) {
          var percent = Math.floor((100 * e.loaded) / e.total);
          bar.value = percent;
          say(box.getAttribute("data-sending").replace("{percent}", String(percent)));
        }
      });
      request.upload.addEventListener("load", function () {
        bar.removeAttribute("value"); // indeterminate: the server works on the rows
        say(box.getAttribute("data-checking"));
      });
      request.addEventListener("load", function () {
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () {
        say(box.getAttribute("data-failed"));
        bar.value = 0;
        if (button) {
          button.disabled = false;
        }
      });
      request.send(new FormData(form));
    });
  });
})();
