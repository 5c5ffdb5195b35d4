/* Knowledge base: the print button, and inserting an article link into the
   reply being written on a desk ticket. */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
    return;
  }
  var button = event.target.closest("[data-kb-insert]");
  if (!button) return;
  var field = document.getElementById(button.getAttribute("data-target") || "id_body");
  if (!field) return;
  var text = button.getAttribute("data-kb-insert");
  // At the cursor once the agent has been writing, else at the end.
  var start = field.value.length, end = start;
  if (field.dataset.kbTouched) {
    start = field.selectionStart;
    end = field.selectionEnd;
  }
  var before = field.value.slice(0, start), after = field.value.slice(end);
  var glue = before && !/\s$/.test(before) ? "\n" : "";
  field.value = before + glue + text + after;
  var cursor = (before + glue + text).length;
  field.focus();
  field.setSelectionRange(cursor, cursor);
  field.dispatchEvent(new Event("input", { bubbles: true }));
  var status = document.getElementById("kb-picker-status");
  if (status) status.textContent = button.getAttribute("data-done") || "";
});
document.addEventListener("focusin", function (event) {
  if (event.target.id === "id_body") event.target.dataset.kbTouched = "1";
});
