/* A mail shown with its original formatting: the images it links from other
   sites are loaded only when the reader asks, since loading them tells the
   sender that the message was read (pupitre/mail/html.py keeps their
   addresses as data-remote-src). */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-load-remote-images]");
  if (!button) return;
  var details = button.closest("details");
  details.querySelectorAll("img[data-remote-src]").forEach(function (image) {
    image.referrerPolicy = "no-referrer";
    image.src = image.getAttribute("data-remote-src");
    image.removeAttribute("data-remote-src");
  });
  button.closest(".remote-images").hidden = true;
});
