/* Bürgerbot chat widget. Embed with one tag (async or defer both work):
 *   <script src="https://SERVER/widget.js" data-server="https://SERVER" data-lang="de"
 *           data-title="Bürgerservice" data-color="#8a1c1c" data-position="right"
 *           data-logo="https://SERVER/logo.svg" defer></script>
 * Plain JavaScript, no framework, no inline script or style (a strict Content-Security-Policy
 * holds: the stylesheet is SERVER/widget.css), no requests to anyone but SERVER. Bot text is
 * always inserted as text; only http(s) URLs become links.
 * JavaScript API, once `buergerbot:ready` has fired on document: Buergerbot.open(), .close(),
 * .send(text), .on(event, fn), .off(event, fn); events: open, close, send, message, offline. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[src$='/widget.js']");
  if (!script || window.Buergerbot) return;

  var TEXTS = __BB_TEXTS__;
  var FACTS = __BB_FACTS__;
  var ds = script.dataset;
  var server = (ds.server || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var lang = TEXTS[ds.lang] ? ds.lang : "de"; /* the page's language: the widget keeps it */
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
  /* the office's phone and walk-in hours: the newest copy seen, for when the server is down */
  var facts = (state.facts && state.facts[lang] && state.facts.at > (FACTS.at || 0)) ? state.facts : FACTS;
  state.facts = facts;
  function save() {
    state.history = state.history.slice(-MAX_HISTORY);
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* full or refused */ }
  }
  save();

  /* ---- theming from data- attributes, with the contrast WCAG asks for (4.5:1 on white) ---- */
  function rgb(colour) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(colour || "").trim());
    if (!m) return null;
    var h = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(h.slice(i, i + 2), 16); });
  }
  function luminance(c) {
    var l = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function contrastOnWhite(c) { return 1.05 / (luminance(c) + 0.05); }
  function hexOf(c) { return "#" + c.map(function (v) { return (Math.round(v) + 256).toString(16).slice(1); }).join(""); }
  function accent(colour) {
    var c = rgb(colour);
    if (!c) return null;
    var given = hexOf(c);
    while (contrastOnWhite(c) < 4.5) c = c.map(function (v) { return v * 0.9; });
    var used = hexOf(c);
    if (used !== given && window.console) console.warn("Bürgerbot: data-color " + given + " has too little contrast with white; using " + used);
    return used;
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
  /* the stylesheet comes from where this script came from; shown once it is there (or failed) */
  var sheet = el("link", { rel: "stylesheet", href: new URL("widget.css", script.src).href });
  var box = el("div", { class: "bb", lang: lang, hidden: "" });
  sheet.addEventListener("load", function () { box.hidden = false; });
  sheet.addEventListener("error", function () { box.hidden = false; });
  var colour = accent(ds.color);
  if (colour) {
    host.style.setProperty("--bb-accent", colour); /* CSSOM, which a strict CSP allows */
    host.style.setProperty("--bb-accent-dark", hexOf(rgb(colour).map(function (v) { return v * 0.8; })));
  }
  if (ds.position === "left") box.classList.add("bb-left");
  var launcher = el("button", { type: "button", class: "bb-launcher", "aria-expanded": "false", "aria-controls": "bb-panel", "aria-label": T.launcher });
  launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
  launcher.appendChild(el("span", { class: "bb-label", "aria-hidden": "true" }, T.launcher));
  var unread = el("span", { class: "bb-unread", hidden: "" });
  unread.appendChild(el("span", { class: "bb-sr" }, T.unread));
  launcher.appendChild(unread);

  var panel = el("section", { id: "bb-panel", class: "bb-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "bb-title", hidden: "" });
  var head = el("div", { class: "bb-head" });
  var logo = ds.logo ? new URL(ds.logo, location.href) : null;
  if (logo && /^https?:$/.test(logo.protocol)) head.appendChild(el("img", { class: "bb-logo", src: logo.href, alt: "" }));
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
  root.appendChild(sheet);
  root.appendChild(box);

  /* ---- the JavaScript API's events: listeners, and DOM events on the host element ---- */
  var listeners = {};
  function emit(name, detail) {
    (listeners[name] || []).slice().forEach(function (fn) {
      try { fn(detail); } catch (e) { if (window.console) console.error(e); }
    });
    host.dispatchEvent(new CustomEvent("buergerbot:" + name, { detail: detail, bubbles: true, composed: true }));
  }

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
  /* The booking's facts as the engine words them (custom.booking): code, date, time, place. */
  function booking(facts) {
    if (!facts || typeof facts.code !== "string") return null;
    return { code: facts.code, date: String(facts.date || ""), time: String(facts.time || ""), place: String(facts.place || "") };
  }
  function confirmation(b) {
    var card = el("div", { class: "bb-confirm" });
    card.appendChild(el("p", { class: "bb-confirm-title" }, T.confirm_title));
    var dl = el("dl");
    [["confirm_code", b.code], ["confirm_date", b.date], ["confirm_time", b.time], ["confirm_place", b.place]].forEach(function (row) {
      if (!row[1]) return;
      dl.appendChild(el("dt", null, T[row[0]]));
      dl.appendChild(el("dd", { class: "bb-" + row[0].slice(8) }, row[1]));
    });
    card.appendChild(dl);
    return card;
  }
  function render(m) {
    var first = null;
    if (m.text) {
      var div = el("div", { class: "bb-msg bb-" + m.from, tabindex: "-1" });
      div.appendChild(el("span", { class: "bb-sr" }, (m.from === "user" ? T.you : T.bot) + ": "));
      appendText(div, m.text);
      log.appendChild(div);
      first = div;
    }
    var b = m.custom && booking(m.custom.booking);
    if (b) log.appendChild(confirmation(b));
    var link = m.custom && icsLink(m.custom.ics);
    if (link) log.appendChild(link);
    return first;
  }
  function renderButtons(entries) {
    entries.forEach(function (m) {
      if (!m.buttons || !m.buttons.length) return;
      var group = el("div", { class: "bb-buttons", role: "group", "aria-label": m.text || title });
      m.buttons.forEach(function (b) {
        var btn = el("button", { type: "button" }, String(b.title));
        btn.addEventListener("click", function () {
          focusAnswer = true;
          log.focus(); /* the buttons go; focus waits in the log for the answer */
          send(String(b.payload), String(b.title));
        });
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
  var focusAnswer = false;
  function addBot(messages) {
    dropButtons();
    var added = [], first = null;
    messages.forEach(function (m) {
      var entry = { from: "bot", text: typeof m.text === "string" ? m.text : "", at: Date.now() };
      if (Array.isArray(m.buttons)) entry.buttons = m.buttons;
      if (m.custom && (m.custom.ics || m.custom.booking)) {
        entry.custom = { ics: m.custom.ics, booking: m.custom.booking };
      }
      if (m.custom && m.custom.altcha) startProof(m.custom.altcha);
      if (!entry.text && !entry.custom) return;
      state.history.push(entry);
      added.push(entry);
      var shown = render(entry);
      first = first || shown;
      emit("message", { text: entry.text, buttons: entry.buttons || [] });
    });
    renderButtons(added);
    save();
    scrollDown();
    if (focusAnswer && first && !panel.hidden) {
      focusAnswer = false;
      first.focus(); /* a screen reader reads the answer; Tab goes on to its buttons */
    }
  }

  /* ---- with the server out of reach: the office's phone and walk-in hours (cached copy) ---- */
  var fallbackShown = false;
  function showFallback() {
    if (fallbackShown) return;
    fallbackShown = true;
    var f = facts[lang] || {};
    var card = el("div", { class: "bb-msg bb-fallback", role: "note" });
    card.appendChild(el("p", null, T.unreachable));
    if (facts.phone) {
      var p = el("p", null, T.phone + " ");
      p.appendChild(el("a", { href: "tel:" + facts.phone.replace(/[^\d+]/g, "") }, facts.phone));
      card.appendChild(p);
    }
    if (f.walk_in && f.walk_in.length) {
      card.appendChild(el("p", null, f.walk_in_intro || ""));
      var ul = el("ul");
      f.walk_in.forEach(function (line) { ul.appendChild(el("li", null, line)); });
      card.appendChild(ul);
    }
    if (facts.address) card.appendChild(el("p", null, facts.address));
    log.appendChild(card);
    scrollDown();
    emit("offline", { phone: facts.phone || "" });
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
      var wasReady = ready;
      ws = null;
      ready = false;
      pending = 0;
      setTyping(false);
      if (!wasReady && !panel.hidden) showFallback();
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
      emit("send", { text: entry.text });
    }
    /* always the page's language: the engine alone decides when a citizen's sentence is in
       another one (a phone number or a name is no reason to switch) */
    transmit({ type: "message", id: nextId++, text: text, lang: lang });
  }

  /* ---- opening, closing, keyboard: focus stays in the open dialog ---- */
  function open() {
    if (!panel.hidden) return;
    panel.hidden = false;
    box.classList.add("bb-open");
    launcher.setAttribute("aria-expanded", "true");
    unread.hidden = true;
    connect();
    if (!state.history.length) send("/greet", null);
    scrollDown();
    input.focus();
    emit("open", {});
  }
  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    box.classList.remove("bb-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
    emit("close", {});
  }
  function tabbable() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("button, input, a[href], [tabindex='0']"),
      function (n) { return !n.disabled && n.getClientRects().length > 0; }
    );
  }
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { ev.preventDefault(); close(); return; }
    if (ev.key !== "Tab") return;
    var items = tabbable();
    if (!items.length) return;
    var active = root.activeElement;
    var at = items.indexOf(active);
    if (at === -1 && active && panel.contains(active)) return; /* an answer: the browser goes on */
    if (ev.shiftKey && at <= 0) { ev.preventDefault(); items[items.length - 1].focus(); }
    else if (!ev.shiftKey && (at === items.length - 1 || at === -1)) { ev.preventDefault(); items[0].focus(); }
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  clearBtn.addEventListener("click", function () {
    state = { sender: newId(), history: [], facts: facts };
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

  window.Buergerbot = {
    open: open,
    close: close,
    send: function (text) {
      text = String(text == null ? "" : text).trim();
      if (!text) return;
      open();
      send(text);
    },
    on: function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); },
    off: function (name, fn) { listeners[name] = (listeners[name] || []).filter(function (f) { return f !== fn; }); }
  };

  function mount() {
    document.body.appendChild(host);
    renderHistory();
    if (state.history.length) connect(); // a returning citizen may get pushed notices
    document.dispatchEvent(new CustomEvent("buergerbot:ready"));
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
