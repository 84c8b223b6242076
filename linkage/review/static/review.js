// Keyboard shortcuts for the review pages. Every key stands for a link, a button or a field
// carrying data-key="…"; the pages work the same without this script.
(function () {
  "use strict";

  function typing(element) {
    return element && (element.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
  }

  function act(key) {
    const target = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (!target) return false;
    if (target.tagName === "BUTTON") {
      target.form.requestSubmit(target);
    } else if (target.tagName === "A") {
      window.location.assign(target.href);
    } else {
      target.focus();
    }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    if (act(event.key)) event.preventDefault();
  });

  // A decision is sent once, even when a key is held down or pressed twice.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "yes";
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
    });
  });
})();
