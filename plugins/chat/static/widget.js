/* comptoir's website chat widget: one <script> tag, no build step, nothing loaded
 * from third parties. Works under a strict Content-Security-Policy: no inline
 * script or style, no eval; the page's CSP needs the widget server's origin in
 * script-src, style-src and connect-src (or 'self' when it is proxied there).
 *
 *   <script src="https://chat.myshop.example/static/widget.js" defer
 *           data-lang="fr" data-user-email="..." data-user-hash="..."></script>
 *
 * Everything a visitor or the shop writes is shown with textContent, never as
 * markup. The visitor's secret token lives in this site's localStorage, so the
 * conversation follows them across page loads and tabs.
 */
(function () {
  "use strict";

  var TEXTS = {
    en: {
      title: "Chat with us", open: "Chat", close: "Close",
      greeting: "Hello! A question about an order or a product? Write to us here.",
      placeholder: "Write a message…", send: "Send", attach: "Attach a file",
      name: "Your name", email: "Your email", optional: "(optional)",
      start: "Start the chat", prechat: "Tell us who you are, so we can answer you by email if you leave.",
      within: "We usually answer within {t}.", soon: "We answer as soon as we can.",
      away: "We are away right now.", back: "Back {t}.",
      offline: "Leave us a message and your email: we will answer by email.",
      leave: "Send the message", left: "Thank you! We will answer you by email.",
      you: "You", shop: "Shop", bot: "Automatic message", typing: "{n} is typing…",
      sending: "sending…", failed: "not sent", retrying: "connection lost, retrying…",
      rate_q: "How did we do?", rate_c: "A comment (optional)", rate_send: "Send my rating",
      rated: "Thank you! You rated us {s}/5.", star: "{s} out of 5",
      e_origin: "This chat is not available on this site.",
      e_too_long: "Your message is too long (at most {n} characters).",
      e_file_too_big: "This file is too large (at most {n}).",
      e_file_type: "Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.",
      e_rate: "You are sending messages too quickly. Please wait a moment.",
      e_email_required: "Please give your email address.",
      e_identity: "We could not confirm your account. Please reload the page.",
      e_other: "Something went wrong ({n}). Please try again.",
      minutes: "{n} minutes", minute: "a minute", hours: "{n} hours", hour: "an hour",
      days: "{n} days", day: "a day"
    },
    fr: {
      title: "Discutons", open: "Chat", close: "Fermer",
      greeting: "Bonjour ! Une question sur une commande ou un produit ? Écrivez-nous ici.",
      placeholder: "Écrivez un message…", send: "Envoyer", attach: "Joindre un fichier",
      name: "Votre nom", email: "Votre e-mail", optional: "(facultatif)",
      start: "Commencer", prechat: "Dites-nous qui vous êtes, pour pouvoir vous répondre par e-mail si vous partez.",
      within: "Nous répondons en général en moins de {t}.", soon: "Nous vous répondons dès que possible.",
      away: "Nous sommes absents pour le moment.", back: "De retour {t}.",
      offline: "Laissez-nous un message et votre e-mail : nous vous répondrons par e-mail.",
      leave: "Envoyer le message", left: "Merci ! Nous vous répondrons par e-mail.",
      you: "Vous", shop: "Boutique", bot: "Message automatique", typing: "{n} écrit…",
      sending: "envoi…", failed: "non envoyé", retrying: "connexion perdue, nouvel essai…",
      rate_q: "Comment avons-nous répondu ?", rate_c: "Un commentaire (facultatif)",
      rate_send: "Envoyer ma note", rated: "Merci ! Vous nous avez donné {s}/5.", star: "{s} sur 5",
      e_origin: "Ce chat n'est pas disponible sur ce site.",
      e_too_long: "Votre message est trop long ({n} caractères au plus).",
      e_file_too_big: "Ce fichier est trop gros ({n} au plus).",
      e_file_type: "Seules les images (PNG, JPEG, GIF, WebP) et les PDF peuvent être envoyés.",
      e_rate: "Vous envoyez des messages trop vite. Patientez un instant.",
      e_email_required: "Indiquez votre adresse e-mail, s'il vous plaît.",
      e_identity: "Nous n'avons pas pu confirmer votre compte. Rechargez la page.",
      e_other: "Une erreur est survenue ({n}). Réessayez.",
      minutes: "{n} minutes", minute: "une minute", hours: "{n} heures", hour: "une heure",
      days: "{n} jours", day: "un jour"
    }
  };

  var script = document.currentScript ||
    document.querySelector("script[src*='/static/widget.js']");
  if (!script || window.__comptoirChat) { return; }
  window.__comptoirChat = true;
  var BASE = script.src.replace(/\/static\/widget\.js(\?.*)?$/, "");
  var WS_URL = BASE.replace(/^http/, "ws") + "/api/visitor/ws";
  var data = script.dataset;
  var LANG = pickLanguage(data.lang || document.documentElement.lang || navigator.language);
  var T = texts(LANG);
  var KEY = "comptoir-chat:" + BASE;

  function pickLanguage(tag) {
    return String(tag || "").toLowerCase().indexOf("fr") === 0 ? "fr" : "en";
  }

  function texts(lang) {
    var found = {};
    Object.keys(TEXTS.en).forEach(function (k) { found[k] = TEXTS[lang][k]; });
    Object.keys(data).forEach(function (k) {       // data-text-title="..." overrides
      if (k.indexOf("text") === 0 && k.length > 4) {
        var name = k.charAt(4).toLowerCase() + k.slice(5);
        found[name.replace(/[A-Z]/g, function (c) { return "_" + c.toLowerCase(); })] = data[k];
      }
    });
    return found;
  }

  function say(key, values) {
    return String(T[key] || key).replace(/\{(\w)\}/g, function (_, v) {
      return values && values[v] !== undefined ? values[v] : "";
    });
  }

  // ---- storage that survives private browsing refusing localStorage ----
  var memory = {};
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); }
    catch (e) { return memory[key] || null; }
  }
  function save(key, value) {
    memory[key] = value;
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* memory only */ }
  }
  function forget(key) {
    delete memory[key];
    try { localStorage.removeItem(key); } catch (e) { /* memory only */ }
  }
  function tabFlag(name, value) {
    try {
      if (value === undefined) { return sessionStorage.getItem(KEY + ":" + name) === "1"; }
      sessionStorage.setItem(KEY + ":" + name, value ? "1" : "0");
    } catch (e) { /* no session storage: the panel starts closed */ }
    return false;
  }

  // ---- building elements: text only, never markup ----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (k === "on") { Object.keys(attrs.on).forEach(function (e) { node.addEventListener(e, attrs.on[e]); }); }
      else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function randomId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function duration(seconds) {
    var m = Math.max(1, Math.round(seconds / 60));
    if (m < 60) { return m === 1 ? say("minute") : say("minutes", { n: m }); }
    var h = Math.round(m / 60);
    if (h < 24) { return h === 1 ? say("hour") : say("hours", { n: h }); }
    var d = Math.round(h / 24);
    return d === 1 ? say("day") : say("days", { n: d });
  }

  function size(bytes) {
    if (bytes >= 1e6) { return Math.round(bytes / 1e5) / 10 + " MB"; }
    return Math.max(1, Math.round(bytes / 1e3)) + " KB";
  }

  function clock(seconds) {
    return new Date(seconds * 1000).toLocaleTimeString(LANG, { hour: "2-digit", minute: "2-digit" });
  }

  // ---- the state of this visitor's conversation ----
  var state = {
    config: null, session: load(KEY), last: 0, shown: {}, pending: {},
    socket: null, polling: false, failures: 0, typingTimer: 0, refused: "", unread: 0
  };
  var ui = buildInterface();

  function buildInterface() {
    var host = el("div", { id: "comptoir-chat", "data-state": "loading" });
    var root = host.attachShadow({ mode: "open" });
    if (data.color) { host.style.setProperty("--accent", data.color); }
    if (data.position === "left") { host.classList.add("left"); }
    var parts = {};
    parts.host = host;
    parts.launcher = el("button", { class: "launcher", type: "button", "aria-expanded": "false", "data-unread": "0",
      "aria-label": T.title, text: T.open, on: { click: function () { toggle(true); } } });
    parts.status = el("p", { class: "status" });
    parts.notice = el("p", { class: "notice", role: "alert", hidden: "" });
    parts.log = el("ol", { class: "log", "aria-live": "polite" });
    parts.typing = el("p", { class: "typing", hidden: "" });
    parts.prechat = buildPrechat();
    parts.offline = buildOffline();
    parts.composer = buildComposer(parts);
    parts.panel = el("section", { class: "panel", role: "dialog", "aria-label": T.title, hidden: "" }, [
      el("header", {}, [
        el("h2", { text: T.title }),
        el("button", { class: "close", type: "button", "aria-label": T.close, text: "×",
          on: { click: function () { toggle(false); } } }),
        parts.status
      ]),
      parts.notice, el("p", { class: "greeting", text: T.greeting }), parts.log, parts.typing, parts.prechat, parts.offline, parts.composer
    ]);
    parts.panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { toggle(false); parts.launcher.focus(); }
    });
    root.appendChild(el("link", { rel: "stylesheet", href: BASE + "/static/widget.css" }));
    root.appendChild(parts.launcher);
    root.appendChild(parts.panel);
    document.body.appendChild(host);
    return parts;
  }

  function field(name, label, type, required) {
    var input = el("input", { name: name, type: type, autocomplete: name === "email" ? "email" : "name" });
    if (required) { input.setAttribute("required", ""); }
    return el("label", {}, [
      el("span", { text: label + (required ? "" : " " + T.optional) }), input
    ]);
  }

  function buildPrechat() {
    return el("form", { class: "prechat", hidden: "", on: { submit: function (e) {
      e.preventDefault();
      startSession(formValues(e.target)).then(function () { showComposer(); });
    } } });
  }

  function buildOffline() {
    return el("form", { class: "offline", hidden: "", on: { submit: function (e) {
      e.preventDefault();
      leaveMessage(e.target);
    } } });
  }

  function buildComposer(parts) {
    var text = el("textarea", { name: "text", rows: "2", placeholder: T.placeholder, "aria-label": T.placeholder });
    text.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(); }
    });
    var file = el("input", { type: "file", class: "file", "aria-label": T.attach,
      accept: "image/png,image/jpeg,image/gif,image/webp,application/pdf" });
    file.addEventListener("change", function () {
      if (file.files && file.files[0]) { sendFile(file.files[0]); }
      file.value = "";
    });
    function submit() {
      var value = text.value.trim();
      if (!value) { return; }
      text.value = "";
      sendText(value);
    }
    parts.text = text;
    return el("form", { class: "composer", hidden: "", on: { submit: function (e) { e.preventDefault(); submit(); } } }, [
      text,
      el("label", { class: "attach", title: T.attach }, [el("span", { "aria-hidden": "true", text: "+" }), file]),
      el("button", { type: "submit", class: "send", text: T.send })
    ]);
  }

  function formValues(form) {
    var found = {};
    Array.prototype.forEach.call(form.querySelectorAll("input, textarea"), function (i) {
      if (i.name) { found[i.name] = i.value.trim(); }
    });
    return found;
  }

  function fillForm(form, intro, fields, button) {
    while (form.firstChild) { form.removeChild(form.firstChild); }
    form.appendChild(el("p", { text: intro }));
    fields.forEach(function (f) { form.appendChild(f); });
    form.appendChild(el("button", { type: "submit", text: button }));
  }

  function unread(count) {
    state.unread = count;
    ui.launcher.textContent = count ? T.open + " (" + count + ")" : T.open;
    ui.launcher.setAttribute("data-unread", String(count));
  }

  function markRead() {
    if (state.session) { save(KEY + ":read", state.last); }
  }

  function toggle(open) {
    if (open) { unread(0); markRead(); }
    ui.panel.hidden = !open;
    ui.launcher.hidden = open;
    ui.launcher.setAttribute("aria-expanded", open ? "true" : "false");
    tabFlag("open", open);
    if (open) { showForms(); if (ui.text && !ui.composer.hidden) { ui.text.focus(); } }
  }

  // ---- what the panel shows: pre-chat form, offline form or composer ----
  function showForms() {
    var c = state.config;
    if (!c) { return; }
    ui.prechat.hidden = ui.offline.hidden = ui.composer.hidden = true;
    if (state.refused === "origin") { return; }
    if (!c.open) { return showOffline(); }
    var asks = c.ask.name !== "no" || c.ask.email !== "no";
    if (!state.session && asks) {
      var fields = [];
      if (c.ask.name !== "no") { fields.push(field("name", T.name, "text", c.ask.name === "required")); }
      if (c.ask.email !== "no") { fields.push(field("email", T.email, "email", c.ask.email === "required")); }
      fillForm(ui.prechat, T.prechat, fields, T.start);
      ui.prechat.hidden = false;
      return;
    }
    showComposer();
  }

  function showComposer() {
    ui.prechat.hidden = ui.offline.hidden = true;
    ui.composer.hidden = false;
  }

  function showOffline() {
    var known = state.session && state.session.visitor || {};
    var name = field("name", T.name, "text", false);
    var email = field("email", T.email, "email", true);
    name.querySelector("input").value = known.name || data.userName || "";
    email.querySelector("input").value = known.email || data.userEmail || "";
    var text = el("textarea", { name: "text", rows: "3", required: "", "aria-label": T.placeholder, placeholder: T.placeholder });
    fillForm(ui.offline, T.offline, [name, email, text], T.leave);
    ui.offline.hidden = false;
  }

  function showStatus() {
    var c = state.config;
    if (!c) { return; }
    if (c.open) {
      ui.status.textContent = c.answer_within ? say("within", { t: duration(c.answer_within) }) : T.soon;
    } else {
      var back = c.next_open ? " " + say("back", { t: new Date(c.next_open * 1000).toLocaleString(LANG,
        { weekday: "long", hour: "2-digit", minute: "2-digit" }) }) : "";
      ui.status.textContent = T.away + back;
    }
  }

  function notice(text, passing) {
    ui.notice.textContent = text || "";
    ui.notice.hidden = !text;
    state.passing = !!passing;   // a connection notice, cleared once back
  }

  function reconnected() {
    if (state.passing) { notice(""); }
  }

  function refusalText(status, body) {
    var code = body && body.error;
    var c = state.config || {};
    if (code === "too_long" || (status === 413 && code !== "file_too_big")) {
      return say("e_too_long", { n: c.max_message });
    }
    if (code === "file_too_big") { return say("e_file_too_big", { n: size(c.max_file || 0) }); }
    if (T["e_" + code]) { return T["e_" + code]; }
    if (status === 429) { return T.e_rate; }
    return say("e_other", { n: status });
  }

  // ---- the network ----
  function api(method, path, body, extra) {
    var headers = {};
    if (state.session) { headers.Authorization = "Bearer " + state.session.token; }
    if (body !== undefined && !(body instanceof Blob)) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(body);
    }
    Object.keys(extra || {}).forEach(function (k) { headers[k] = extra[k]; });
    return fetch(BASE + path, { method: method, headers: headers, body: body, credentials: "omit" })
      .then(function (response) {
        return response.text().then(function (raw) {
          var parsed = null;
          try { parsed = raw ? JSON.parse(raw) : null; } catch (e) { parsed = null; }
          return { status: response.status, ok: response.ok, body: parsed || {} };
        });
      });
  }

  function refused(answer) {
    if (answer.status === 401) { endSession(); return true; }
    if (answer.body.error === "origin") {
      state.refused = "origin";
      ui.host.setAttribute("data-state", "refused");
      showForms();
    }
    notice(refusalText(answer.status, answer.body));
    return true;
  }

  function startSession(form) {
    if (state.session) { return Promise.resolve(state.session); }
    var body = { name: form.name || data.userName || "", email: form.email || "", language: LANG,
      page: location.href, user_email: data.userEmail || "", user_hash: data.userHash || "" };
    return api("POST", "/api/visitor/session", body).then(function (answer) {
      if (!answer.ok) { refused(answer); throw new Error("refused"); }
      state.session = { visitor: answer.body.visitor, token: answer.body.token };
      save(KEY, state.session);
      connect();
      return state.session;
    });
  }

  function endSession() {
    forget(KEY);
    forget(KEY + ":read");
    state.session = null;
    state.last = 0;
    state.shown = {};
    while (ui.log.firstChild) { ui.log.removeChild(ui.log.firstChild); }
    if (state.socket) { state.socket.close(); }
    showForms();
  }

  function connect() {
    if (!state.session || state.refused) { return; }
    if (state.polling || !("WebSocket" in window)) { return poll(); }
    var socket;
    try { socket = new WebSocket(WS_URL); } catch (e) { state.polling = true; return poll(); }
    state.socket = socket;
    var opened = false;
    socket.onopen = function () {
      opened = true;
      socket.send(JSON.stringify({ type: "hello", token: state.session.token, after: state.last }));
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      heard(frame);
    };
    socket.onclose = function (event) {
      if (state.socket === socket) { state.socket = null; }
      ui.host.setAttribute("data-state", "offline");
      if (event.code === 4401) { return endSession(); }
      if (event.code === 4403) { return refused({ status: 403, body: { error: "origin" } }); }
      state.failures = opened ? 0 : state.failures + 1;
      if (state.failures >= 2) { state.polling = true; }   // no websocket through here: poll
      setTimeout(connect, Math.min(15000, 500 * Math.pow(2, state.failures)));
    };
  }

  function heard(frame) {
    if (frame.type === "ready") {
      state.failures = 0;
      ui.host.setAttribute("data-state", "live");
      reconnected();
      (frame.entries || []).forEach(show);
      resendPending();
    } else if (frame.type === "entry") {
      show(frame.entry, true);
    } else if (frame.type === "ack") {
      settle(frame.client_id, { status: 201, ok: true, body: { entry: frame.entry } });
    } else if (frame.type === "refused") {
      settle(frame.client_id, { status: frame.status, ok: false, body: frame });
    } else if (frame.type === "typing") {
      typing(frame.on);
    }
  }

  function poll() {
    if (!state.session || state.refused) { return; }
    ui.host.setAttribute("data-state", "polling");
    var session = state.session;
    api("GET", "/api/visitor/messages?after=" + state.last + "&wait=25").then(function (answer) {
      if (session !== state.session) { return; }
      if (answer.status === 401) { return endSession(); }
      if (!answer.ok) { refused(answer); return setTimeout(poll, 5000); }
      reconnected();
      answer.body.entries.forEach(function (e) { show(e, true); });
      if (answer.body.typing !== undefined) { typing(answer.body.typing); }
      resendPending();
      poll();
    }, function () {
      notice(T.retrying, true);
      setTimeout(poll, 3000);
    });
  }

  setInterval(function () {        // keeps presence and proxies' idle timers fresh
    if (state.socket && state.socket.readyState === 1) { state.socket.send('{"type":"ping"}'); }
  }, 25000);

  // ---- sending, with one id per message so a retry is never a second one ----
  function sendText(text) {
    var id = randomId();
    state.pending[id] = { text: text, node: bubble({ direction: "in", text: text, pending: true }), tries: 0 };
    ui.log.appendChild(state.pending[id].node);
    scrollDown();
    startSession({}).then(function () { deliver(id); }, function () { fail(id); });
  }

  function deliver(id) {
    var item = state.pending[id];
    if (!item) { return; }
    item.tries += 1;
    if (state.socket && state.socket.readyState === 1) {
      state.socket.send(JSON.stringify({ type: "message", client_id: id, text: item.text }));
      clearTimeout(item.timer);
      item.timer = setTimeout(function () { if (state.pending[id]) { post(id); } }, 8000);
      return;
    }
    post(id);
  }

  function post(id) {
    var item = state.pending[id];
    if (!item) { return; }
    api("POST", "/api/visitor/messages", { client_id: id, text: item.text }).then(function (answer) {
      settle(id, answer);
    }, function () {
      notice(T.retrying, true);
      clearTimeout(item.timer);
      item.timer = setTimeout(function () { deliver(id); }, Math.min(15000, 1000 * item.tries));
    });
  }

  function resendPending() {
    Object.keys(state.pending).forEach(function (id) {
      if (!state.pending[id].file) { deliver(id); }
    });
  }

  function settle(id, answer) {
    var item = state.pending[id];
    if (!item) { return; }
    clearTimeout(item.timer);
    delete state.pending[id];
    if (answer.ok) {
      if (item.node.parentNode) { item.node.parentNode.removeChild(item.node); }
      show(answer.body.entry);
      notice("");
    } else {
      fail(id, item);
      refused(answer);
    }
  }

  function fail(id, item) {
    item = item || state.pending[id];
    delete state.pending[id];
    if (!item) { return; }
    item.node.classList.add("failed");
    var mark = item.node.querySelector(".state");
    if (mark) { mark.textContent = T.failed; }
  }

  function sendFile(file) {
    var c = state.config || {};
    if (c.max_file && file.size > c.max_file) { return notice(say("e_file_too_big", { n: size(c.max_file) })); }
    var id = randomId();
    var node = bubble({ direction: "in", text: file.name, pending: true });
    state.pending[id] = { node: node, file: true };
    ui.log.appendChild(node);
    scrollDown();
    startSession({}).then(function () {
      var path = "/api/visitor/files?client_id=" + id + "&name=" + encodeURIComponent(file.name);
      return api("POST", path, file, { "Content-Type": file.type || "application/octet-stream" });
    }).then(function (answer) { settle(id, answer); }, function () { fail(id); notice(T.retrying, true); });
  }

  function leaveMessage(form) {
    var values = formValues(form);
    var body = { client_id: randomId(), name: values.name, email: values.email, text: values.text,
      language: LANG, page: location.href, user_email: data.userEmail || "", user_hash: data.userHash || "" };
    api("POST", "/api/visitor/offline", body).then(function (answer) {
      if (!answer.ok) { return refused(answer); }
      if (answer.body.token) {
        state.session = { visitor: answer.body.visitor, token: answer.body.token };
        save(KEY, state.session);
      }
      show(answer.body.entry);
      fillForm(form, T.left, [], T.leave);
      form.querySelector("button").hidden = true;
      connect();
    }, function () { notice(T.retrying, true); });
  }

  // ---- showing the conversation ----
  function bubble(entry) {
    var mine = entry.direction === "in";
    var who = mine ? T.you : (entry.author || (state.config && state.config.shop) || T.shop);
    var meta = el("span", { class: "meta" }, [
      el("span", { class: "who", text: who }),
      entry.data && entry.data.automatic ? el("span", { class: "bot", text: T.bot }) : null,
      el("span", { class: "state", text: entry.pending ? T.sending : (entry.at ? clock(entry.at) : "") })
    ]);
    var body = el("p", { class: "text", text: entry.text || "" });
    var node = el("li", { class: "entry " + (mine ? "in" : "out") + (entry.pending ? " pending" : "") }, [meta, body]);
    if (entry.file) { node.appendChild(fileLink(entry.file)); }
    return node;
  }

  function fileLink(file) {
    return el("button", { type: "button", class: "file-link", text: file.filename + " (" + size(file.size) + ")",
      on: { click: function () { download(file); } } });
  }

  function download(file) {
    fetch(BASE + "/api/visitor/files/" + encodeURIComponent(file.id), {
      headers: { Authorization: "Bearer " + state.session.token }, credentials: "omit"
    }).then(function (r) { return r.ok ? r.blob() : Promise.reject(r.status); }).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var a = el("a", { href: url, download: file.filename });
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }, function (status) { notice(say("e_other", { n: status })); });
  }

  function show(entry, live) {
    if (!entry || state.shown[entry.seq]) { return; }
    state.shown[entry.seq] = true;
    state.last = Math.max(state.last, entry.seq);
    if (entry.direction === "out") {
      if (live) { typing(false); }
      if (!ui.panel.hidden) { markRead(); }
      else if (entry.seq > (load(KEY + ":read") || 0)) { unread(state.unread + 1); }
    }
    var node = entry.kind === "survey" ? ratingForm(entry)
      : entry.kind === "rating" ? ratingDone(entry) : bubble(entry);
    node.setAttribute("data-seq", entry.seq);
    var after = Array.prototype.filter.call(ui.log.children, function (n) {
      return Number(n.getAttribute("data-seq")) > entry.seq;
    })[0];
    ui.log.insertBefore(node, after || null);
    if (entry.kind === "rating") { closeRating(entry.data && entry.data.survey); }
    scrollDown();
  }

  function ratingForm(entry) {
    var chosen = 0;
    var stars = [1, 2, 3, 4, 5].map(function (s) {
      return el("button", { type: "button", class: "star", "data-score": String(s), "aria-label": say("star", { s: s }),
        "aria-pressed": "false", text: String(s), on: { click: function () {
          chosen = s;
          stars.forEach(function (b) { b.setAttribute("aria-pressed", Number(b.getAttribute("data-score")) <= s ? "true" : "false"); });
        } } });
    });
    var comment = el("textarea", { name: "comment", rows: "2", placeholder: T.rate_c, "aria-label": T.rate_c });
    var form = el("form", { class: "rating", "data-survey": entry.key, on: { submit: function (e) {
      e.preventDefault();
      if (!chosen) { return; }
      api("POST", "/api/visitor/rating", { survey: entry.key, score: chosen, comment: comment.value.trim() })
        .then(function (answer) { return answer.ok ? show(answer.body.entry) : refused(answer); });
    } } }, [
      el("p", { class: "text", text: T.rate_q }),   // the mail's "reply with a digit" is not for buttons
      el("div", { class: "stars", role: "group", "aria-label": T.rate_q }, stars),
      comment, el("button", { type: "submit", class: "send", text: T.rate_send })
    ]);
    return el("li", { class: "entry out survey" }, [form]);
  }

  function ratingDone(entry) {
    var score = entry.data && entry.data.score;
    return el("li", { class: "entry in rated" }, [el("p", { class: "text", text: say("rated", { s: score }) })]);
  }

  function closeRating(key) {
    Array.prototype.forEach.call(ui.log.querySelectorAll("form.rating"), function (form) {
      var item = form.parentNode;
      if (form.getAttribute("data-survey") === key) { item.parentNode.removeChild(item); }
    });
  }

  function typing(on) {
    clearTimeout(state.typingTimer);
    ui.typing.textContent = say("typing", { n: (state.config && state.config.shop) || T.shop });
    ui.typing.hidden = !on;
    if (on) { state.typingTimer = setTimeout(function () { ui.typing.hidden = true; }, 7000); }
  }

  function scrollDown() { ui.log.scrollTop = ui.log.scrollHeight; }

  // another tab started the chat: follow it here
  window.addEventListener("storage", function (event) {
    if (event.key === KEY + ":read" && Number(event.newValue) >= state.last) { unread(0); }
    if (event.key !== KEY || state.session) { return; }
    state.session = load(KEY);
    if (state.session) { showForms(); connect(); }
  });

  api("GET", "/api/visitor/config?lang=" + LANG).then(function (answer) {
    if (!answer.ok) {
      state.config = { open: true, ask: { name: "no", email: "no" } };
      refused(answer);
      return;
    }
    state.config = answer.body;
    showStatus();
    ui.host.setAttribute("data-state", "ready");
    if (tabFlag("open")) { toggle(true); } else { showForms(); }
    connect();
  }, function () {
    ui.host.setAttribute("data-state", "unreachable");
  });
})();
