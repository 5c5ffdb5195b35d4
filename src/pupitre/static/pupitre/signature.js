/* A signature drawn with a finger (or a mouse) on a canvas, for the school's
   sign-off of an on-site intervention report.

   Markup: <canvas data-signature-pad="ID"> where ID is a hidden input that
   receives the drawing as a data:image/png address after every stroke, and a
   <button type="button" data-signature-clear="ID">. No inline script or
   style (strict CSP): the canvas's size comes from its CSS box. */
(function () {
  "use strict";

  function setUp(canvas) {
    var input = document.getElementById(canvas.getAttribute("data-signature-pad"));
    if (!input) return;
    var context = canvas.getContext("2d");
    var drawing = false;
    var inked = false;

    function resize() {
      var box = canvas.getBoundingClientRect();
      var ratio = window.devicePixelRatio || 1;
      var width = Math.max(1, Math.round(box.width * ratio));
      var height = Math.max(1, Math.round(box.height * ratio));
      if (canvas.width === width && canvas.height === height) return;
      var previous = inked ? input.value : "";
      canvas.width = width;
      canvas.height = height;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#111";
      if (previous) restore(previous);
    }

    function restore(dataUrl) {
      var image = new Image();
      image.onload = function () {
        var box = canvas.getBoundingClientRect();
        context.drawImage(image, 0, 0, box.width, box.height);
      };
      image.src = dataUrl;
      inked = true;
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      var p = point(event);
      context.beginPath();
      context.moveTo(p.x, p.y);
      // A dot for a tap.
      context.lineTo(p.x + 0.1, p.y + 0.1);
      context.stroke();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var p = point(event);
      context.lineTo(p.x, p.y);
      context.stroke();
    });
    function end() {
      if (!drawing) return;
      drawing = false;
      inked = true;
      input.value = canvas.toDataURL("image/png");
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);

    document.querySelectorAll('[data-signature-clear="' + input.id + '"]').forEach(function (button) {
      button.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        inked = false;
        input.value = "";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });

    // A draft restored into the hidden input (drafts.js) is drawn again.
    input.addEventListener("draft-restored", function () {
      if (input.value) restore(input.value);
    });

    resize();
    window.addEventListener("resize", resize);
  }

  function start() {
    document.querySelectorAll("canvas[data-signature-pad]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
