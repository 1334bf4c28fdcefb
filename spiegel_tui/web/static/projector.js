// spiegel serve, the projector view: the picture from the event stream, set as text
// (textContent) only. Without JavaScript the page reloads itself every two seconds.
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var main = document.getElementById("projector");
  function setText(id, value) { document.getElementById(id).textContent = value || ""; }
  function setList(id, items) {
    var list = document.getElementById(id);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (item) {
      var li = document.createElement("li");
      if (Array.isArray(item)) {
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = item[0];
        li.appendChild(kind);
        li.appendChild(document.createTextNode(" " + item[1]));
      } else {
        li.textContent = item;
      }
      list.appendChild(li);
    });
  }
  var source = new EventSource("events" + window.location.search);
  source.onmessage = function (event) {
    var p = JSON.parse(event.data);
    main.className = "projector mode-" + p.mode + " stage-" + p.stage;
    setText("step-line", p.step_line);
    setText("heading", p.heading);
    setText("text", p.text);
    setText("clock", p.clock);
    setText("clock-label", p.clock_label);
    setText("session-line", p.session_line);
    setList("rules", p.rules);
    setList("closing", p.closing);
  };
})();
