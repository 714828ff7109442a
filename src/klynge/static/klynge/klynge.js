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

// Copy buttons (`data-klynge-copy` names the field): shown only here, where a script can copy.
// The status element says what happened; where the browser will not write to the clipboard
// (a page served over plain HTTP from another host), the text is left selected to copy by hand.
// A field with `data-klynge-select-all` is selected whole when clicked.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-klynge-select-all]").forEach(function (field) {
    field.addEventListener("focus", function () {
      field.select();
    });
  });
  document.querySelectorAll("[data-klynge-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-klynge-copy"));
    var status = document.getElementById(button.getAttribute("data-klynge-copy-status"));
    if (!field || !status) {
      return;
    }
    function tell(attribute) {
      status.textContent = button.getAttribute(attribute);
    }
    function copyBySelecting() {
      field.focus();
      field.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      tell(copied ? "data-klynge-copied" : "data-klynge-not-copied");
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          tell("data-klynge-copied");
        }, copyBySelecting);
      } else {
        copyBySelecting();
      }
    });
  });
});
