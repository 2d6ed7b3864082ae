// Progressive enhancement for the pages; everything works without it.
(function () {
  'use strict';

  // Focus the error summary (or the first invalid field) so it is read out and keyboard users land there.
  function focusErrors() {
    var summary = document.getElementById('form-errors');
    if (summary) { summary.focus(); return; }
  }

  // Password rules listed beside the new-password field, checked as the user types.
  function checkRule(li, value, confirm) {
    var rule = li.getAttribute('data-rule');
    var n = Number(li.getAttribute('data-n') || 0);
    var chars = Array.from(value);
    switch (rule) {
      case 'min_length': return chars.length >= n;
      case 'max_length': return chars.length > 0 && chars.length <= n;
      case 'allowed_characters': return chars.length > 0 && /^[A-Za-z0-9]+$/.test(value);
      case 'requires_letter': return /\p{L}/u.test(value);
      case 'requires_digit': return /\p{Nd}/u.test(value);
      case 'requires_lowercase': return /\p{Ll}/u.test(value);
      case 'requires_uppercase': return /\p{Lu}/u.test(value);
      case 'contains_login': {
        var login = (li.getAttribute('data-login') || '').toLowerCase();
        return chars.length > 0 && (!login || value.toLowerCase().indexOf(login) === -1);
      }
      case 'match': return chars.length > 0 && value === confirm;
      default: return null; // checked by the server only (history, common passwords)
    }
  }

  function wireRules(list) {
    var form = list.closest('form');
    if (!form) return;
    var pw = form.querySelector('input[data-password="new"]');
    var confirm = form.querySelector('input[data-password="confirm"]');
    if (!pw) return;
    var items = Array.prototype.slice.call(list.querySelectorAll('li[data-rule]'));
    var okText = list.getAttribute('data-ok') || '';
    var badText = list.getAttribute('data-bad') || '';
    function update() {
      items.forEach(function (li) {
        var result = checkRule(li, pw.value, confirm ? confirm.value : '');
        if (result === null) return;
        li.classList.toggle('ok', result && pw.value.length > 0);
        li.classList.toggle('bad', !result && pw.value.length > 0);
        var state = li.querySelector('.state');
        if (state) state.textContent = pw.value.length ? ' (' + (result ? okText : badText) + ')' : '';
      });
    }
    pw.addEventListener('input', update);
    if (confirm) confirm.addEventListener('input', update);
    update();
  }

  // Captcha refresh without reloading the page: a new captcha from the API, same form.
  function wireCaptcha(box) {
    var button = box.querySelector('button[data-captcha-refresh]');
    var img = box.querySelector('img');
    var idInput = box.querySelector('input[name="captchaId"]');
    var url = box.getAttribute('data-new-url');
    if (!button || !img || !idInput || !url) return;
    button.addEventListener('click', function (event) {
      event.preventDefault();
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: '{}', credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (c) {
          idInput.value = c.captchaId;
          img.src = c.imageUrl;
          var answer = document.getElementById('f-captchaAnswer');
          if (answer) { answer.value = ''; answer.focus(); }
        })
        .catch(function () { button.form && button.form.requestSubmit ? button.form.requestSubmit(button) : null; });
    });
  }

  // Digits-only inputs: keep only digits as the user types or pastes.
  function wireDigits(input) {
    input.addEventListener('input', function () {
      var cleaned = input.value.replace(/\D+/g, '');
      if (cleaned !== input.value) input.value = cleaned;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusErrors();
    Array.prototype.forEach.call(document.querySelectorAll('ul.rules[data-live]'), wireRules);
    Array.prototype.forEach.call(document.querySelectorAll('[data-captcha]'), wireCaptcha);
    Array.prototype.forEach.call(document.querySelectorAll('input[data-digits]'), wireDigits);
  });
})();
