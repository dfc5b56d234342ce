/* Consultation form: while a person is chosen (the box above the form), typing a name in the
 * person field says on screen, and to screen readers, that the typed person will replace the
 * choice. Progressive enhancement: the server decides the same without it (typed text
 * replaces the choice; text matching nobody or several people asks). The message comes
 * translated in the note's data-replacing attribute. */
(function () {
  "use strict";
  var chosen = document.getElementById("chosen-person");
  var box = document.getElementById("id_person_query");
  var note = document.getElementById("chosen-person-note");
  if (!chosen || !box || !note) { return; }
  var message = note.getAttribute("data-replacing") || "";

  function update() {
    var replacing = box.value.trim() !== "";
    chosen.classList.toggle("chosen-person--replaced", replacing);
    note.textContent = replacing ? message : "";
  }

  box.addEventListener("input", update);
  update();
})();
