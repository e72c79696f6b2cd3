/* mapgen preview's own page: the map in a frame, swapped for the new one after each build, and
 * the problems a build found over it. Every text from the project is written as text. */
(function () {
  "use strict";
  var frames = document.getElementById("frames");
  var status = document.getElementById("status");
  var shownPage = 0, wantedPage = 0;
  // The benchmark and tests read when each build's map was on screen.
  window.mapgenPreview = { shown: null, builds: {} };

  function setWidth(width) {
    document.body.setAttribute("data-width", width);
    document.querySelectorAll(".widths button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-width") === width));
    });
  }
  document.querySelectorAll(".widths button").forEach(function (button) {
    button.addEventListener("click", function () {
      if (document.body.getAttribute("data-width") === button.getAttribute("data-width")) { return; }
      setWidth(button.getAttribute("data-width"));
      // The map fits the world to its frame as it opens: open it again at the new width.
      if (shownPage) { showPage(shownPage); }
    });
  });

  function whenReady(frame, done) {
    if (!frame.isConnected) { return; }  // a newer build's frame took its place
    var doc = frame.contentDocument;
    if (doc && doc.documentElement && doc.documentElement.hasAttribute("data-mapgen-ready")) { done(); return; }
    requestAnimationFrame(function () { whenReady(frame, done); });
  }

  function showPage(page) {
    wantedPage = page;
    var frame = document.createElement("iframe");
    frame.className = "incoming";
    frame.title = "The map, as built";
    frame.src = "/map?page=" + page;
    // Swapped in as soon as the map says it is ready (before that, the frame's document is the
    // empty one a new frame starts with, which never is).
    requestAnimationFrame(function () {
      whenReady(frame, function () {
        if (page !== wantedPage) { frame.remove(); return; }  // a newer build is on its way
        Array.prototype.forEach.call(frames.querySelectorAll("iframe"), function (old) {
          if (old !== frame) { old.remove(); }
        });
        frame.classList.remove("incoming");
        shownPage = page;
        requestAnimationFrame(function () {
          requestAnimationFrame(function () {  // the frame after the swap has been painted
            var timings = frame.contentWindow.mapgenTimings || {};
            window.mapgenPreview.shown = { page: page, at: Date.now(), frameReadyMs: timings.ready };
            document.documentElement.setAttribute("data-shown-page", String(page));
          });
        });
      });
    });
    frames.appendChild(frame);
  }

  function item(list, where, message) {
    var li = document.createElement("li");
    if (where) {
      var place = document.createElement("span");
      place.className = "where";
      place.textContent = where;
      li.appendChild(place);
      li.appendChild(document.createTextNode(": "));
    }
    li.appendChild(document.createTextNode(message));
    list.appendChild(li);
  }

  function showProblems(state) {
    var panel = document.getElementById("problems");
    var list = document.getElementById("problem-list");
    list.textContent = "";
    state.problems.forEach(function (p) {
      item(list, p.file ? p.file + (p.line ? ":" + p.line : "") : "", p.message);
    });
    panel.hidden = state.ok;
    var warnings = document.getElementById("warnings");
    var warningList = document.getElementById("warning-list");
    warningList.textContent = "";
    state.warnings.forEach(function (line) { item(warningList, "", line); });
    document.getElementById("warnings-summary").textContent = state.warnings.length + " warning(s)";
    warnings.hidden = state.warnings.length === 0;
    status.classList.toggle("failed", !state.ok);
    status.textContent = state.ok ? "built in " + state.ms + " ms, " + new Date().toLocaleTimeString()
      : state.problems.length + " problem(s): showing the last map that built";
    document.documentElement.setAttribute("data-build", String(state.version));
  }

  var events = new EventSource("/events");
  events.addEventListener("message", function (event) {
    var state = JSON.parse(event.data);
    showProblems(state);
    if (state.ok) { window.mapgenPreview.builds[state.page] = { ms: state.ms, at: state.builtAt }; }
    if (state.page && state.page !== shownPage && state.page !== wantedPage) { showPage(state.page); }
  });
  events.addEventListener("error", function () {
    status.classList.add("failed");
    status.textContent = "not connected: is mapgen preview still running?";
  });
}());
