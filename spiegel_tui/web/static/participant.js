// spiegel serve, the participant's page: keeps "now on the table" current. The form
// works without this script; it only sets text (textContent), never markup.
(function () {
  "use strict";
  var url = "events" + window.location.search;
  if (!window.EventSource) { return; }
  var source = new EventSource(url);
  source.onmessage = function (event) {
    var data = JSON.parse(event.data);
    document.getElementById("now-step").textContent = data.step || "";
    document.getElementById("now-question").textContent = data.question || "";
  };
})();
