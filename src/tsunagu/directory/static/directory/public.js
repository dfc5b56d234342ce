/* Public directory pages: progressive enhancement only — every page works without it.
   - [data-geolocate]: a button that asks the browser for the visitor's position, rounds it to
     about 100 m (3 decimals), puts it in the form's lat/lng fields and submits the form.
   - [data-print]: a button that opens the browser's print dialog. */
(function () {
  "use strict";

  function setupGeolocate(button) {
    var form = button.form;
    if (!form || !form.elements.lat || !form.elements.lng || !("geolocation" in navigator)) {
      return;
    }
    var status = form.querySelector("[data-geolocate-status]");
    var note = form.querySelector("[data-geolocate-note]");
    button.hidden = false;
    if (note) { note.hidden = false; }
    function say(text) { if (status) { status.textContent = text; } }

    button.addEventListener("click", function () {
      button.disabled = true;
      say(button.getAttribute("data-msg-locating"));
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(3);
        form.elements.lng.value = position.coords.longitude.toFixed(3);
        if (form.elements.near) { form.elements.near.value = ""; }
        if (form.elements.page) { form.elements.page.value = ""; }
        form.submit();
      }, function () {
        button.disabled = false;
        say(button.getAttribute("data-msg-error"));
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
    });

    // Choosing an office to search near replaces a position given before.
    if (form.elements.near) {
      form.elements.near.addEventListener("change", function () {
        form.elements.lat.value = "";
        form.elements.lng.value = "";
      });
    }
  }

  function setupPrint(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  document.querySelectorAll("[data-geolocate]").forEach(setupGeolocate);
  document.querySelectorAll("[data-print]").forEach(setupPrint);
})();
