(function () {
  "use strict";
  var form = document.getElementById("claim-filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#claim-rows tr"));
  var count = document.getElementById("claim-count");
  function value(id) {
    var field = document.getElementById(id);
    return field ? field.value : "";
  }
  function update() {
    var words = value("q").toLowerCase().split(/\s+/).filter(Boolean);
    var theme = value("theme"), modality = value("modality"), verdict = value("verification");
    var source = value("source");
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!source || d.source === source) && (!theme || d.theme === theme) && (!modality || d.modality === modality) &&
        (!verdict || d.verification === verdict) &&
        words.every(function (w) { return d.text.indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length ? rows.length + " claims"
      : shown + " of " + rows.length + " claims";
  }
  form.addEventListener("input", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  update();
})();
