// Security keys (WebAuthn): register one, or use one as the second factor.
// A <form class="js-security-key" data-mode="register|login" data-options="URL"
// data-finish="URL"> holds the CSRF token; its submit runs the ceremony.
(function () {
  "use strict";
  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out.buffer;
  }
  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer), s = "";
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function post(url, token, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": token, "Content-Type": "application/json"},
      body: JSON.stringify(body || {})
    });
  }
  function credentialJSON(cred) {
    var r = cred.response, out = {
      id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
      clientExtensionResults: cred.getClientExtensionResults(),
      response: {clientDataJSON: toB64url(r.clientDataJSON)}
    };
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      if (r.userHandle) { out.response.userHandle = toB64url(r.userHandle); }
    }
    return out;
  }
  function run(form, event) {
    event.preventDefault();
    var status = form.querySelector("[role=status]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var register = form.dataset.mode === "register";
    status.textContent = form.dataset.waiting;
    post(form.dataset.options, token).then(function (res) {
      if (!res.ok) { throw new Error("options"); }
      return res.json();
    }).then(function (options) {
      options.challenge = toBytes(options.challenge);
      if (register) {
        options.user.id = toBytes(options.user.id);
        (options.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
        return navigator.credentials.create({publicKey: options});
      }
      (options.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
      return navigator.credentials.get({publicKey: options});
    }).then(function (cred) {
      var nameInput = form.querySelector("input[name=name]");
      return post(form.dataset.finish, token, {
        credential: credentialJSON(cred), name: nameInput ? nameInput.value : ""
      });
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok || !data.redirect) { throw new Error(data.error || "failed"); }
        window.location.assign(data.redirect);
      });
    }).catch(function () {
      status.textContent = form.dataset.failed;
    });
  }
  document.querySelectorAll("form.js-security-key").forEach(function (form) {
    if (!window.PublicKeyCredential) {
      form.querySelector("[role=status]").textContent = form.dataset.unsupported;
      return;
    }
    form.addEventListener("submit", function (event) { run(form, event); });
  });
})();
