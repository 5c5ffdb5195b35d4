/* The incoming-call panel on every desk page (desk/phone_panel.py).

   Asks the server every half second whether the agent's calls changed,
   with the ETag of the last answer: "nothing new" is a 304 without a body.
   A new answer replaces the panel's calls; the focus and what was typed in
   the panel's search fields survive the replacement, and a call that was
   not shown before is announced to screen readers.

   Desktop notifications (opt-in, per browser): the header's "Enable call
   notifications" asks the browser's permission and, once granted, keeps
   the choice in localStorage. Then a ringing call that appears while the
   page is in the background (document.hidden) shows one notification,
   tagged with the call, whose texts come translated in the card's
   data-notify-* attributes. The calls already seen in this tab are kept in
   sessionStorage: a page opened later in the tab does not announce them
   again. */
(function () {
  "use strict";
  var panel = document.getElementById("phone-panel");
  if (!panel || !window.fetch) return;
  var url = panel.getAttribute("data-url");
  var interval = parseInt(panel.getAttribute("data-interval"), 10) || 500;
  var calls = panel.querySelector("[data-phone-calls]");
  var announce = panel.querySelector("[data-phone-announce]");
  var etag = null;
  var shown = {};
  var failures = 0;

  function typedValues() {
    var values = {};
    calls.querySelectorAll("input[id]").forEach(function (input) {
      if (input.type !== "hidden") values[input.id] = input.value;
    });
    return values;
  }

  var CHOICE_KEY = "pupitre.callNotifications";
  var SEEN_KEY = "pupitre.callsSeen";
  var SEEN_KEPT = 50;
  var control = document.querySelector("[data-call-notify]");
  var seen = readSeen();

  function store(kind) {
    // Storage may be refused (private windows, blocked cookies).
    try {
      return window[kind] || null;
    } catch (error) {
      return null;
    }
  }

  function readSeen() {
    var storage = store("sessionStorage");
    var ids = [];
    try {
      ids = JSON.parse((storage && storage.getItem(SEEN_KEY)) || "[]");
    } catch (error) {
      ids = [];
    }
    return Array.isArray(ids) ? ids : [];
  }

  function markSeen(id) {
    seen.push(id);
    if (seen.length > SEEN_KEPT) seen = seen.slice(-SEEN_KEPT);
    var storage = store("sessionStorage");
    try {
      if (storage) storage.setItem(SEEN_KEY, JSON.stringify(seen));
    } catch (error) {
      /* full or refused: this page still remembers */
    }
  }

  function supported() {
    return typeof window.Notification === "function";
  }

  function chosen() {
    var storage = store("localStorage");
    try {
      return !!storage && storage.getItem(CHOICE_KEY) === "on";
    } catch (error) {
      return false;
    }
  }

  function choose(on) {
    var storage = store("localStorage");
    try {
      if (!storage) return;
      if (on) storage.setItem(CHOICE_KEY, "on");
      else storage.removeItem(CHOICE_KEY);
    } catch (error) {
      /* refused: the choice lasts as long as the page */
    }
  }

  function enabled() {
    return supported() && window.Notification.permission === "granted" && chosen();
  }

  function showControl(message) {
    if (!control) return;
    var button = control.querySelector("[data-call-notify-button]");
    var status = control.querySelector("[data-call-notify-status]");
    button.textContent = control.getAttribute(enabled() ? "data-disable" : "data-enable");
    if (message !== undefined) status.textContent = message;
  }

  function askPermission(then) {
    var answered = false;
    function done(permission) {
      if (answered) return;
      answered = true;
      then(permission);
    }
    try {
      // A promise in current browsers, a callback in older Safari.
      var asked = window.Notification.requestPermission(done);
      if (asked && typeof asked.then === "function") asked.then(done, function () { done("denied"); });
    } catch (error) {
      done("denied");
    }
  }

  function toggle() {
    if (enabled()) {
      choose(false);
      showControl(control.getAttribute("data-off"));
      return;
    }
    askPermission(function (permission) {
      if (permission === "granted") {
        choose(true);
        showControl(control.getAttribute("data-on"));
      } else {
        choose(false);
        showControl(control.getAttribute(permission === "denied" ? "data-blocked" : "data-off"));
      }
    });
  }

  if (control && supported()) {
    control.hidden = false;
    showControl();
    control.querySelector("[data-call-notify-button]").addEventListener("click", toggle);
    // The choice made in another tab of this browser.
    window.addEventListener("storage", function (event) {
      if (event.key === CHOICE_KEY) showControl();
    });
  }

  function notify(card) {
    var id = card.getAttribute("data-call");
    var title = card.getAttribute("data-notify-title");
    if (!title || seen.indexOf(id) !== -1) return;
    markSeen(id);
    if (!document.hidden || !enabled()) return;
    try {
      var notification = new window.Notification(title, {
        body: card.getAttribute("data-notify-body") || "",
        tag: "pupitre-call-" + id,
      });
      notification.onclick = function () {
        window.focus();
        notification.close();
      };
    } catch (error) {
      /* Some mobile browsers only notify from a service worker. */
    }
  }

  function swap(html) {
    var active = document.activeElement;
    var focusedId = active && calls.contains(active) ? active.id : null;
    var values = typedValues();
    calls.innerHTML = html;
    Object.keys(values).forEach(function (id) {
      var input = document.getElementById(id);
      if (input && calls.contains(input)) input.value = values[id];
    });
    if (focusedId) {
      var again = document.getElementById(focusedId);
      if (again) again.focus();
    }
    var now = {};
    var news = [];
    calls.querySelectorAll("[data-call]").forEach(function (card) {
      var id = card.getAttribute("data-call");
      now[id] = true;
      if (!shown[id]) {
        var title = card.querySelector("h2");
        if (title) news.push(title.textContent.trim());
      }
      notify(card);
    });
    shown = now;
    if (news.length) announce.textContent = news.join(". ");
    panel.hidden = !calls.querySelector("[data-call]");
  }

  function poll() {
    var headers = { "X-Requested-With": "fetch" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (!response.headers.get("X-Pupitre-Phone-Panel")) {
          // Signed out, or an error page: not a panel. Try again later.
          failures += 1;
          return null;
        }
        failures = 0;
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag");
        return response.text().then(swap);
      })
      .catch(function () {
        failures += 1;
      })
      .then(function () {
        // After failures, wait longer (at most 30 s) instead of hammering.
        var wait = failures ? Math.min(30000, interval * Math.pow(2, failures)) : interval;
        window.setTimeout(poll, wait);
      });
  }

  // The attach forms come back to the page the agent is on.
  calls.addEventListener("submit", function (event) {
    var next = event.target.querySelector("[data-phone-next]");
    if (next) next.value = window.location.pathname + window.location.search;
  });

  poll();
})();
