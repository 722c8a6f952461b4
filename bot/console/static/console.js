// Live delivery progress on a report page (Server-Sent Events); without JavaScript the page
// offers a reload link instead. When the run is done the page reloads to show the report.
(function () {
  "use strict";
  function start() {
    var section = document.getElementById("progress");
    if (!section || section.dataset.done === "yes" || !window.EventSource) return;
    var bar = document.getElementById("progress-bar");
    var text = document.getElementById("progress-text");
    var template = document.getElementById("settled-template").innerHTML;
    var source = new EventSource(section.dataset.events);
    source.addEventListener("progress", function (event) {
      var p = JSON.parse(event.data);
      Object.keys(p).forEach(function (key) {
        var cell = section.querySelector('[data-count="' + key + '"]');
        if (cell) cell.textContent = String(p[key]);
      });
      bar.max = p.total || 1;
      bar.value = p.settled;
      text.textContent = template.replace("{settled}", p.settled).replace("{total}", p.total);
      section.dataset.live = "yes";
    });
    source.addEventListener("done", function () {
      source.close();
      window.location.reload();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
