// copil: progressive enhancement only; every page works without this script.
(function () {
  'use strict';
  // On a page with an error summary, focus moves to it so that screen readers announce it first.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
  // "Print" buttons of printable pages (the attendance sheet); without script, the browser's own menu prints.
  var printButtons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < printButtons.length; i++) {
    printButtons[i].hidden = false;
    printButtons[i].addEventListener('click', function () { window.print(); });
  }
})();
