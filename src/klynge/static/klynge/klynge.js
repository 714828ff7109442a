// Starts Det Fælles Designsystem's components; kept in a file because the Content Security
// Policy allows no inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
