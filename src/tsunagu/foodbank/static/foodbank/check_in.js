// Live count on the pantry check-in screen: several tablets may check in at one event.
(function () {
  "use strict";
  var box = document.querySelector(".check-in[data-count-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-count-url");
  var people = document.getElementById("people-count");
  var households = document.getElementById("household-count");
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        people.textContent = data.people;
        households.textContent = data.households;
      })
      .catch(function () { /* offline for a moment: keep the last count */ });
  }
  window.setInterval(refresh, 5000);
})();
