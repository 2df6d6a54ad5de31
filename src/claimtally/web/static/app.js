// claimtally dashboard: show a figure's record when its highlight is clicked (document page).
// Records come from a JSON data block and are written with textContent only, never as HTML.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("figure-data");
  var panel = document.getElementById("record");
  if (!data || !panel) return;
  var byId = {};
  JSON.parse(data.textContent).forEach(function (f) { byId[String(f.id)] = f; });
  var keys = ["text", "value", "low", "high", "approx", "qualifier", "metric", "subject", "place",
    "claimant", "claimant_kind", "cue", "claim_date", "period_start", "period_end", "remarks",
    "review_status", "reviewed_by"];
  function show(mark) {
    var f = byId[mark.getAttribute("data-fid")];
    if (!f) return;
    var rec = {};
    keys.forEach(function (k) { rec[k] = f[k]; });
    panel.textContent = JSON.stringify(rec, null, 2);
    panel.hidden = false;
    document.getElementById("record-hint").hidden = true;
    var link = document.getElementById("record-link");
    link.href = "/figures/" + encodeURIComponent(f.id);
    link.hidden = false;
    document.querySelectorAll("mark.fig.selected").forEach(function (m) { m.classList.remove("selected"); });
    mark.classList.add("selected");
  }
  document.querySelectorAll("mark.fig").forEach(function (mark) {
    mark.addEventListener("click", function () { show(mark); });
    mark.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(mark); }
    });
  });
});
