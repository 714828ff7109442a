// Starts Det Fælles Designsystem's components; kept in a file because the Content Security
// Policy allows no inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});

// A form marked data-klynge-keep asks before the page is left with what was typed in it not
// sent: a link, the language switch or another form's button would otherwise lose it. A form
// shown again after a refused save starts out unsent (data-klynge-unsaved).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-klynge-keep]").forEach(function (form) {
    var unsent = form.hasAttribute("data-klynge-unsaved");
    var typed = function () {
      unsent = true;
    };
    form.addEventListener("input", typed);
    form.addEventListener("change", typed);
    form.addEventListener("submit", function () {
      unsent = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (unsent) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
});
