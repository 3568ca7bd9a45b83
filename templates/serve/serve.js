// s55 serve: updates the checks and preview (or the list of responses) by itself when a file they
// are made from changes, by listening to the server's events. Without scripts the page has a link
// to reload it instead.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var live = document.querySelector("[data-live]");
  if (!live || !window.EventSource || !window.fetch) {
    document.documentElement.classList.remove("js");
    return;
  }
  var status = document.getElementById("live-status");
  var stale = document.getElementById("stale");
  var formHash = document.getElementById("form-hash");
  function say(text) { if (status) { status.textContent = text; } }
  function update() {
    fetch(live.getAttribute("data-part"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        live.innerHTML = html;
        var body = live.querySelector("[data-hash]");
        if (stale && formHash && body) {
          stale.hidden = body.getAttribute("data-hash") === formHash.value;
        }
        say("Updated at " + new Date().toLocaleTimeString("en-GB") + ".");
        document.documentElement.setAttribute("data-updates", String(Number(document.documentElement.getAttribute("data-updates") || 0) + 1));
      })
      .catch(function () { say("The page could not be updated: reload it."); });
  }
  var events = new EventSource(live.getAttribute("data-events"));
  events.addEventListener("change", update);
  events.addEventListener("error", function () {
    if (events.readyState === EventSource.CLOSED) {
      document.documentElement.classList.remove("js");
      say("Live updates stopped (is s55 serve still running?). Reload the page to see changes.");
    }
  });
})();
