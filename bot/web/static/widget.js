/* Bürgerbot chat widget. Embed with one tag:
 *   <script src="https://SERVER/widget.js" data-server="https://SERVER" data-lang="de"
 *           data-title="Bürgerservice"></script>
 * Plain JavaScript, no framework, no requests to anyone but SERVER. Bot text is always inserted
 * as text; only http(s) URLs become links. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__buergerbot) return;
  window.__buergerbot = true;

  var CSS = __BB_CSS__;
  var TEXTS = __BB_TEXTS__;
  var ds = script.dataset;
  var server = (ds.server || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var lang = TEXTS[ds.lang] ? ds.lang : "de";
  var T = TEXTS[lang];
  var title = ds.title || T.bot;
  var KEY = "buergerbot:" + server;
  var MAX_HISTORY = 100;
  var KEEP_MS = 30 * 24 * 3600 * 1000;
  var URL_RE = /\bhttps?:\/\/[^\s<>"]+/g;

  /* ---- state kept across reloads (localStorage; private modes may refuse it) ---- */
  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY) || "null");
      if (s && typeof s.sender === "string" && Array.isArray(s.history)) return s;
    } catch (e) { /* unreadable: start afresh */ }
    return null;
  }
  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }
  var state = load() || { sender: newId(), history: [] };
  var cutoff = Date.now() - KEEP_MS;
  state.history = state.history.filter(function (m) { return m && m.at > cutoff; });
  function save() {
    state.history = state.history.slice(-MAX_HISTORY);
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* full or refused */ }
  }

  /* ---- DOM, inside a shadow root so the city's styles and ours never mix ---- */
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }
  var host = el("div", { id: "buergerbot-widget" });
  var root = host.attachShadow({ mode: "open" });
  var style = el("style", null, CSS);
  var box = el("div", { class: "bb", lang: lang });
  var launcher = el("button", { type: "button", class: "bb-launcher", "aria-expanded": "false", "aria-controls": "bb-panel" });
  launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
  launcher.appendChild(el("span", null, T.launcher));
  var unread = el("span", { class: "bb-unread", hidden: "" });
  unread.appendChild(el("span", { class: "bb-sr" }, T.unread));
  launcher.appendChild(unread);

  var panel = el("section", { id: "bb-panel", class: "bb-panel", role: "dialog", "aria-labelledby": "bb-title", hidden: "" });
  var head = el("div", { class: "bb-head" });
  head.appendChild(el("h2", { id: "bb-title" }, title));
  var clearBtn = el("button", { type: "button", class: "bb-clear" }, T.clear);
  var closeBtn = el("button", { type: "button", class: "bb-close", "aria-label": T.close, title: T.close }, "\u00d7");
  head.appendChild(clearBtn);
  head.appendChild(closeBtn);
  var log = el("div", { class: "bb-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-labelledby": "bb-title", tabindex: "0" });
  var typing = el("div", { class: "bb-typing", "aria-hidden": "true", hidden: "" });
  typing.appendChild(el("span", { class: "bb-dot" }));
  typing.appendChild(el("span", { class: "bb-dot" }));
  typing.appendChild(el("span", { class: "bb-dot" }));
  typing.appendChild(document.createTextNode(" " + T.typing));
  var status = el("p", { class: "bb-status", role: "status" });
  var form = el("form", { class: "bb-form" });
  form.appendChild(el("label", { for: "bb-input", class: "bb-sr" }, T.input));
  var input = el("input", { id: "bb-input", type: "text", maxlength: "1000", autocomplete: "off", placeholder: T.placeholder });
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit" }, T.send));
  var privacy = el("p", { class: "bb-privacy" }, T.privacy + " ");
  var plink = el("a", { href: server + "/datenschutz?lang=" + lang, target: "_blank", rel: "noopener" }, T.privacy_link);
  plink.appendChild(el("span", { class: "bb-sr" }, " " + T.new_window));
  privacy.appendChild(plink);
  [head, log, typing, status, form, privacy].forEach(function (n) { panel.appendChild(n); });
  box.appendChild(launcher);
  box.appendChild(panel);
  root.appendChild(style);
  root.appendChild(box);

  /* ---- rendering: text nodes only; URLs as links to http(s) addresses ---- */
  function appendText(node, text) {
    var last = 0;
    text.replace(URL_RE, function (raw, at) {
      var url = raw.replace(/[.,;:!?)\]]+$/, "");
      node.appendChild(document.createTextNode(text.slice(last, at)));
      var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
      node.appendChild(a);
      last = at + url.length;
      return raw;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }
  function icsLink(ics) {
    if (!ics || typeof ics.content !== "string") return null;
    var name = String(ics.filename || "termin.ics").replace(/[^\w.-]+/g, "_");
    if (!/\.ics$/.test(name)) name += ".ics";
    return el("a", { class: "bb-ics", download: name, href: "data:text/calendar;charset=utf-8," + encodeURIComponent(ics.content) }, T.ics);
  }
  function render(m) {
    if (m.text) {
      var div = el("div", { class: "bb-msg bb-" + m.from });
      div.appendChild(el("span", { class: "bb-sr" }, (m.from === "user" ? T.you : T.bot) + ": "));
      appendText(div, m.text);
      log.appendChild(div);
    }
    var link = m.custom && icsLink(m.custom.ics);
    if (link) log.appendChild(link);
  }
  function renderButtons(entries) {
    entries.forEach(function (m) {
      if (!m.buttons || !m.buttons.length) return;
      var group = el("div", { class: "bb-buttons", role: "group", "aria-label": m.text || title });
      m.buttons.forEach(function (b) {
        var btn = el("button", { type: "button" }, String(b.title));
        btn.addEventListener("click", function () { send(String(b.payload), String(b.title)); });
        group.appendChild(btn);
      });
      log.appendChild(group);
    });
  }
  function dropButtons() {
    var groups = log.querySelectorAll(".bb-buttons");
    for (var i = 0; i < groups.length; i++) groups[i].remove();
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function renderHistory() {
    log.textContent = "";
    var lastUser = -1;
    state.history.forEach(function (m, i) { if (m.from === "user") lastUser = i; });
    state.history.forEach(function (m) { render(m); });
    renderButtons(state.history.slice(lastUser + 1));
    scrollDown();
  }
  function showError(text) {
    log.appendChild(el("div", { class: "bb-msg bb-error" }, text));
    scrollDown();
  }
  function addBot(messages) {
    dropButtons();
    var added = [];
    messages.forEach(function (m) {
      var entry = { from: "bot", text: typeof m.text === "string" ? m.text : "", at: Date.now() };
      if (Array.isArray(m.buttons)) entry.buttons = m.buttons;
      if (m.custom && m.custom.ics) entry.custom = { ics: m.custom.ics };
      if (m.custom && m.custom.altcha) startProof(m.custom.altcha);
      if (!entry.text && !entry.custom) return;
      state.history.push(entry);
      added.push(entry);
      render(entry);
    });
    renderButtons(added);
    save();
    scrollDown();
  }

  /* ---- ALTCHA proof of work: SHA-256 in the browser, before a booking is confirmed ---- */
  var proof = null;
  function hex(buf) {
    return Array.prototype.map.call(new Uint8Array(buf), function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }
  async function solve(c) {
    var enc = new TextEncoder();
    for (var start = 0; start <= c.maxNumber; start += 500) {
      var batch = [];
      for (var n = start; n < start + 500 && n <= c.maxNumber; n++) batch.push(crypto.subtle.digest(c.algorithm, enc.encode(c.salt + n)));
      var hashes = await Promise.all(batch);
      for (var i = 0; i < hashes.length; i++) {
        if (hex(hashes[i]) === c.challenge) {
          return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: start + i, salt: c.salt, signature: c.signature }));
        }
      }
    }
    return null;
  }
  function startProof(c) {
    if (!window.crypto || !crypto.subtle || !c || typeof c.salt !== "string") return;
    setStatus("proof", T.proof);
    proof = solve(c).then(function (solution) {
      if (statusKind === "proof") setStatus("proof_done", T.proof_done);
      return solution;
    }, function () { return null; });
  }

  /* ---- the socket: hello, replies, pushed notices; reconnect with backoff ---- */
  var ws = null, ready = false, attempt = 0, retryTimer = null, countdown = null;
  var queue = [], pending = 0, nextId = 1, statusKind = "";
  function setStatus(kind, text) { statusKind = kind; status.textContent = text; }
  function stopRetry() {
    clearTimeout(retryTimer);
    clearInterval(countdown);
    retryTimer = null;
  }
  function setTyping(on) { typing.hidden = !on; if (on) scrollDown(); }
  function connect() {
    if (ws) return;
    stopRetry();
    setStatus("connecting", T.connecting);
    ws = new WebSocket(server.replace(/^http/, "ws") + "/ws");
    ws.onopen = function () { ws.send(JSON.stringify({ type: "hello", sender: state.sender, lang: lang })); };
    ws.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f.type === "ready") {
        ready = true;
        attempt = 0;
        if (/^(connecting|offline|queued)$/.test(statusKind)) setStatus("", "");
        queue.splice(0).forEach(transmit);
      } else if (f.type === "bot") {
        if (!f.notice) pending = Math.max(0, pending - 1);
        setTyping(pending > 0);
        addBot(Array.isArray(f.messages) ? f.messages : []);
        if (f.notice && panel.hidden) unread.hidden = false;
      } else if (f.type === "error") {
        pending = Math.max(0, pending - 1);
        setTyping(pending > 0);
        showError(String(f.text || ""));
      }
    };
    ws.onclose = function (ev) {
      if (ev.target !== ws) return; // a socket we dropped on purpose
      ws = null;
      ready = false;
      pending = 0;
      setTyping(false);
      var delay = Math.min(30, Math.pow(2, attempt++)) * (0.75 + Math.random() * 0.5);
      var left = Math.ceil(delay);
      var tick = function () { setStatus("offline", T.offline.replace("{seconds}", String(Math.max(1, left--)))); };
      tick();
      countdown = setInterval(tick, 1000);
      retryTimer = setTimeout(connect, delay * 1000);
    };
  }
  async function transmit(msg) {
    if (proof) {
      msg.proof = await proof;
      proof = null;
      if (/^proof/.test(statusKind)) setStatus("", "");
    }
    if (!ready) {
      queue.push(msg);
      if (ws) return; // connecting: the queue goes out on "ready"
      setStatus("queued", T.queued);
      connect();
      return;
    }
    pending++;
    setTyping(true);
    ws.send(JSON.stringify(msg));
  }
  function send(text, shown) {
    if (shown !== null) {
      var entry = { from: "user", text: shown || text, at: Date.now() };
      state.history.push(entry);
      save();
      dropButtons();
      render(entry);
      scrollDown();
    }
    transmit({ type: "message", id: nextId++, text: text, lang: lang });
  }

  /* ---- opening, closing, keyboard ---- */
  function open() {
    panel.hidden = false;
    box.classList.add("bb-open");
    launcher.setAttribute("aria-expanded", "true");
    unread.hidden = true;
    connect();
    if (!state.history.length) send("/greet", null);
    scrollDown();
    input.focus();
  }
  function close() {
    panel.hidden = true;
    box.classList.remove("bb-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { ev.preventDefault(); close(); }
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  clearBtn.addEventListener("click", function () {
    state = { sender: newId(), history: [] };
    save();
    renderHistory();
    if (ws) {
      var old = ws;
      ws = null;
      ready = false;
      old.close();
    }
    pending = 0;
    queue = [];
    proof = null;
    send("/greet", null);
    input.focus();
  });

  function mount() {
    document.body.appendChild(host);
    renderHistory();
    if (state.history.length) connect(); // a returning citizen may get pushed notices
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
