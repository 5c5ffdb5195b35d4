/* The incoming-call panel on every desk page (desk/phone_panel.py).

   Asks the server every half second whether the agent's calls changed,
   with the ETag of the last answer: "nothing new" is a 304 without a body.
   A new answer replaces the panel's calls; the focus and what was typed in
   the panel's search fields survive the replacement, and a call that was
   not shown before is announced to screen readers. */
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
