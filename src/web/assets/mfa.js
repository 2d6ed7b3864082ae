// Passkey ceremonies for the pages (the CSP forbids inline script): registration on the account's
// security section, the sign-in page's second step, and passwordless sign-in. Each talks to the
// REST API, which sets the same `sid` cookie as the pages; without WebAuthn the forms still work.
(function () {
  'use strict';

  function b64urlToBuffer(value) {
    var b64 = value.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes.buffer;
  }

  function bufferToB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function creationOptions(json) {
    if (window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON) return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    var o = Object.assign({}, json);
    o.challenge = b64urlToBuffer(json.challenge);
    o.user = Object.assign({}, json.user, { id: b64urlToBuffer(json.user.id) });
    o.excludeCredentials = (json.excludeCredentials || []).map(function (c) { return Object.assign({}, c, { id: b64urlToBuffer(c.id) }); });
    return o;
  }

  function requestOptions(json) {
    if (window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON) return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    var o = Object.assign({}, json);
    o.challenge = b64urlToBuffer(json.challenge);
    if (json.allowCredentials) o.allowCredentials = json.allowCredentials.map(function (c) { return Object.assign({}, c, { id: b64urlToBuffer(c.id) }); });
    return o;
  }

  function credentialJSON(cred) {
    if (typeof cred.toJSON === 'function') return cred.toJSON();
    var r = cred.response;
    var out = { id: cred.id, rawId: bufferToB64url(cred.rawId), type: cred.type, clientExtensionResults: cred.getClientExtensionResults(), authenticatorAttachment: cred.authenticatorAttachment || undefined, response: { clientDataJSON: bufferToB64url(r.clientDataJSON) } };
    if (r.attestationObject) {
      out.response.attestationObject = bufferToB64url(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = bufferToB64url(r.authenticatorData);
      out.response.signature = bufferToB64url(r.signature);
      if (r.userHandle) out.response.userHandle = bufferToB64url(r.userHandle);
    }
    return out;
  }

  function post(path, body) {
    return fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body || {}) }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw Object.assign(new Error(data.message || 'failed'), { body: data });
        return data;
      });
    });
  }

  function api(box, path) {
    return '/api/v1/realms/' + encodeURIComponent(box.getAttribute('data-realm')) + path;
  }

  function fail(box, errorId, err) {
    var el = document.getElementById(errorId);
    if (!el) return;
    el.textContent = (err && err.body && err.body.message) || box.getAttribute('data-failed');
    el.hidden = false;
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials);
  }

  function wire(selector, buttonId, errorId, run) {
    var box = document.querySelector(selector);
    var button = document.getElementById(buttonId);
    if (!box || !button) return;
    box.hidden = false;
    if (!supported()) {
      button.disabled = true;
      var el = document.getElementById(errorId);
      if (el) { el.textContent = box.getAttribute('data-unavailable'); el.hidden = false; }
      return;
    }
    button.addEventListener('click', function () {
      button.disabled = true;
      run(box).catch(function (err) { fail(box, errorId, err); }).then(function () { button.disabled = false; });
    });
  }

  // Replaces the security page's state blocks (the "second factor required" notice, the passkey
  // list, the recovery-codes status) with those of the page as the server renders it now, leaving
  // what only this page holds (the recovery codes shown once) in place.
  function refreshSecurityState() {
    return fetch(window.location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } }).then(function (res) {
      if (!res.ok) throw new Error('failed');
      return res.text();
    }).then(function (text) {
      var fresh = new DOMParser().parseFromString(text, 'text/html');
      ['security-required', 'passkey-list', 'recovery-codes-state'].forEach(function (id) {
        var now = document.getElementById(id);
        var next = fresh.getElementById(id);
        if (now && next) now.replaceWith(document.importNode(next, true));
      });
    }).catch(function () {
      // The passkey is added and its codes are on screen; a stale list is fixed by any reload.
    });
  }

  function ready() {
    // Account security: add a passkey.
    wire('[data-passkey-add]', 'passkey-add-button', 'passkey-add-error', function (box) {
      return post(api(box, '/me/passkeys/options')).then(function (options) {
        return navigator.credentials.create({ publicKey: creationOptions(options) });
      }).then(function (cred) {
        var name = (document.getElementById('f-passkey-name') || {}).value || undefined;
        return post(api(box, '/me/passkeys'), { response: credentialJSON(cred), name: name });
      }).then(function (added) {
        var shown = document.getElementById('passkey-recovery-codes');
        if (added.recoveryCodes && added.recoveryCodes.length && shown) {
          // Shown once: the page cannot fetch them again, so list them here (with the download and
          // "Continue", on to where sign-in was going) instead of moving on.
          var list = document.getElementById('new-recovery-codes');
          added.recoveryCodes.forEach(function (c) { var li = document.createElement('li'); var code = document.createElement('code'); code.textContent = c; li.appendChild(code); list.appendChild(li); });
          document.getElementById('new-recovery-codes-file').href = 'data:text/plain;charset=utf-8,' + encodeURIComponent(added.recoveryCodes.join('\n') + '\n');
          shown.hidden = false;
          shown.scrollIntoView();
          // The codes stay on screen; the rest of the page catches up with the new passkey.
          return refreshSecurityState();
        }
        window.location.assign(box.getAttribute('data-done'));
      });
    });

    // Sign-in, second step: a passkey.
    wire('[data-mfa-passkey]', 'mfa-passkey-button', 'mfa-passkey-error', function (box) {
      var token = box.getAttribute('data-mfa-token');
      return post(api(box, '/auth/mfa/passkey-options'), { mfaToken: token }).then(function (options) {
        return navigator.credentials.get({ publicKey: requestOptions(options) });
      }).then(function (cred) {
        return post(api(box, '/auth/mfa'), { mfaToken: token, method: 'passkey', response: credentialJSON(cred) });
      }).then(function () {
        // Signed in: the sign-in page goes on as after a password (a forced change, a required
        // enrolment, else the saved return target, its cookie cleared as it is followed).
        window.location.assign(box.getAttribute('data-next'));
      });
    });

    // Sign-in: passwordless with a passkey.
    wire('[data-passkey-sign-in]', 'passkey-sign-in-button', 'passkey-sign-in-error', function (box) {
      var challengeId;
      return post(api(box, '/auth/passkey/options')).then(function (start) {
        challengeId = start.challengeId;
        return navigator.credentials.get({ publicKey: requestOptions(start.options) });
      }).then(function (cred) {
        return post(api(box, '/auth/passkey'), { challengeId: challengeId, response: credentialJSON(cred) });
      }).then(function () {
        // Signed in: the sign-in page goes on as after a password (a forced change, a required
        // enrolment, else the saved return target, its cookie cleared as it is followed).
        window.location.assign(box.getAttribute('data-next'));
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
