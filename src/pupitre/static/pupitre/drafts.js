/* Forms that survive a bad network: what is typed is kept on the phone and
   sent again when the connection is back.

   Markup: <form data-draft="KEY" data-draft-saved="…" data-draft-offline="…"
   data-draft-restored="…" data-draft-sending="…"> with a <p data-draft-status
   role="status"> inside; the texts are the page's, in the reader's language.

   - Every change is saved in localStorage (text, choices, the signature's
     hidden input) and the chosen photos in IndexedDB (files do not fit in
     localStorage); a page opened again restores them, photos included.
   - The form is sent with fetch. When the network fails, nothing is lost:
     the status says the report is kept on this phone, and it is sent again
     by itself as soon as the browser is back online (or when the person
     presses the button again). The form carries a one-time key, so a report
     sent twice (the answer was lost, not the request) is recorded once.
   - When the server answers with a redirect the report was accepted: the
     draft is forgotten and the browser follows. Any other answer (a field
     refused) is shown by submitting the form normally; the draft stays. */
(function () {
  "use strict";

  var PREFIX = "pupitre-draft:";
  var DB_NAME = "pupitre-drafts";

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) return reject(new Error("no IndexedDB"));
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("files");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function filesStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("files", mode);
        var result = action(tx.objectStore("files"));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && !el.disabled &&
        el.type !== "submit" && el.type !== "button";
    });
  }

  function setUp(form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var status = form.querySelector("[data-draft-status]");
    var sending = false;
    var waiting = false;

    function say(name) {
      if (status) status.textContent = form.getAttribute("data-draft-" + name) || "";
    }

    function save() {
      var values = {};
      var fileInputs = [];
      fieldsOf(form).forEach(function (el) {
        if (el.type === "file") {
          fileInputs.push(el);
        } else if (el.type === "checkbox" || el.type === "radio") {
          if (el.checked) (values[el.name] = values[el.name] || []).push(el.value);
          else values[el.name] = values[el.name] || [];
        } else if (el.tagName === "SELECT" && el.multiple) {
          values[el.name] = Array.prototype.filter.call(el.options, function (o) {
            return o.selected;
          }).map(function (o) { return o.value; });
        } else {
          values[el.name] = el.value;
        }
      });
      try {
        localStorage.setItem(key, JSON.stringify(values));
      } catch (error) { /* storage full or refused: the form still works */ }
      fileInputs.forEach(function (input) {
        var files = Array.prototype.slice.call(input.files || []);
        filesStore("readwrite", function (store) {
          return store.put(files, key + ":" + input.name);
        }).catch(function () {});
      });
    }

    function restore() {
      var raw = null;
      try { raw = localStorage.getItem(key); } catch (error) { return false; }
      if (!raw) return false;
      var values;
      try { values = JSON.parse(raw); } catch (error) { return false; }
      fieldsOf(form).forEach(function (el) {
        if (el.type === "file" || !(el.name in values)) return;
        var value = values[el.name];
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = value.indexOf(el.value) !== -1;
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (o) {
            o.selected = value.indexOf(o.value) !== -1;
          });
        } else {
          el.value = value;
        }
        el.dispatchEvent(new Event("draft-restored"));
      });
      fieldsOf(form).filter(function (el) { return el.type === "file"; }).forEach(function (input) {
        filesStore("readonly", function (store) {
          return store.get(key + ":" + input.name);
        }).then(function (files) {
          if (!files || !files.length || !window.DataTransfer) return;
          var transfer = new DataTransfer();
          files.forEach(function (file) { transfer.items.add(file); });
          input.files = transfer.files;
          input.dispatchEvent(new Event("draft-restored"));
        }).catch(function () {});
      });
      say("restored");
      return true;
    }

    function forget() {
      try { localStorage.removeItem(key); } catch (error) { /* nothing kept */ }
      fieldsOf(form).filter(function (el) { return el.type === "file"; }).forEach(function (input) {
        filesStore("readwrite", function (store) {
          return store.delete(key + ":" + input.name);
        }).catch(function () {});
      });
    }

    function send() {
      if (sending) return;
      sending = true;
      say("sending");
      save();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      }).then(function (response) {
        sending = false;
        if (response.redirected && response.ok) {
          forget();
          // The page the server sent after accepting (with its "sent"
          // notice, shown once): put in place of this one, at its address.
          return response.text().then(function (html) {
            window.history.replaceState(null, "", response.url);
            document.open();
            document.write(html);
            document.close();
          });
        } else {
          // Refused input: let the server show the form with its messages.
          HTMLFormElement.prototype.submit.call(form);
        }
      }, function () {
        sending = false;
        waiting = true;
        say("offline");
      });
    }

    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !form.checkValidity()) return;
      event.preventDefault();
      send();
    });
    window.addEventListener("online", function () {
      if (waiting) {
        waiting = false;
        send();
      }
    });
    if (!restore()) say("saved-hint");
  }

  function start() {
    document.querySelectorAll("form[data-draft]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
