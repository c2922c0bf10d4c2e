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
  // The schedule form: while the date and hours are typed in, the server says what the date meets
  // (weekend, public holiday, school holidays, notice too short, last day to convene). Without
  // script, the same words come back with the page once the form is sent.
  var warnings = document.querySelector('[data-check-url]');
  if (warnings && window.fetch) {
    var form = warnings.closest('form');
    var asked = 0;
    var check = function () {
      var date = form.elements.date.value;
      if (!date) { warnings.innerHTML = ''; return; }
      var query = new URLSearchParams({ date: date, debut: form.elements.debut.value, fin: form.elements.fin.value });
      var mine = ++asked;
      fetch(warnings.getAttribute('data-check-url') + '?' + query.toString(), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null && mine === asked) warnings.innerHTML = html; })
        .catch(function () { /* the form still works; the page will say it on sending */ });
    };
    ['date', 'debut', 'fin'].forEach(function (name) {
      if (form.elements[name]) form.elements[name].addEventListener('change', check);
    });
  }
})();
