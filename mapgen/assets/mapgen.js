/* mapgen's map behaviour: colour countries, explain them on hover and click, and let readers
 * switch companies and layers. What the map says was decided when it was built (mapgen.view): each
 * country lists its colour candidates in legend order with the switches behind each, and this
 * script shows the first candidate whose switches are on. It keeps no rule of its own. Every text
 * is inserted with textContent, never as HTML, so no claim, name or source can inject markup.
 *
 * The map is drawn as soon as this runs, before the panel below it is parsed; what needs the whole
 * page (the panel's switches, the frame's height) is wired once the page is complete. */
function mapgenSetup(config, shapes, map) {
  "use strict";
  var on = config.switches.slice();  // by switch number
  var MINOR_DOTS_FROM_ZOOM = 3;
  var TARGET_PX = 24;  // the least a finger needs (WCAG 2.5.8): smaller countries get a tap target
  var pluralRules = new Intl.PluralRules(config.lang);

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = text; }
    return element;
  }

  // A template's placeholder filled with a value, taken literally (no "$&" patterns).
  function fill(template, name, value) { return template.split("{" + name + "}").join(String(value)); }

  function counted(noun, n) {
    var forms = config.plurals[noun];
    return fill(forms[pluralRules.select(n)] || forms.other, "n", n.toLocaleString(config.lang));
  }

  // `when`: groups of switch numbers, each group needing one switch on.
  function holds(when) {
    return when.every(function (group) { return group.some(function (key) { return on[key]; }); });
  }

  function countryOf(id) { return Object.prototype.hasOwnProperty.call(config.countries, id) ? config.countries[id] : { name: String(id) }; }

  // A fact is [when, legend row, claim, figure, company, [source index, date, evidence, unchecked note]].
  function visibleFacts(id) { return (countryOf(id).facts || []).filter(function (fact) { return holds(fact[0]); }); }

  function visibleDatasets(id) { return (countryOf(id).datasets || []).filter(function (line) { return holds(line[0]); }); }

  // The legend row of the first candidate whose switches are on, or -1.
  function rowOf(id) {
    var candidates = countryOf(id).fill || [];
    for (var i = 0; i < candidates.length; i++) { if (holds(candidates[i][1])) { return candidates[i][0]; } }
    return -1;
  }

  function colourOf(id) { var row = rowOf(id); return row < 0 ? config.grey : config.legend[row].color; }

  // How a country or a small state's dot is drawn now; null leaves a dot out. A dot coloured by a
  // fact sits above the countries, plain to see; any other under them, and a grey one only once the
  // reader zooms in (at world zoom dozens of grey dots would only clutter the map).
  function styleOf(id, isDot) {
    var colour = colourOf(id), coloured = colour !== config.grey;
    if (!isDot) { return { fillColor: colour, color: "#ffffff", weight: 0.7 }; }
    if (visibleFacts(id).length) { return { fillColor: colour, color: "#222222", weight: 1.2, radius: 6 }; }
    if (!coloured && map.getZoom() < MINOR_DOTS_FROM_ZOOM) { return null; }
    return { fillColor: colour, color: "#8c8c8c", weight: 0.8, radius: 3.5, under: !coloured };
  }

  function sourceLine(line) {
    var source = config.sources[line[0]];
    var box = node("span", "mapgen-source", config.text.source + " ");
    if (/^https?:\/\//i.test(source.url || "")) {
      var link = node("a", null, source.label);
      link.href = source.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.appendChild(link);
    } else {
      box.appendChild(document.createTextNode(source.label));
    }
    [[line[1], "span", "mapgen-date"], [line[2], "q", "mapgen-evidence"], [line[3], "span", "mapgen-unchecked"]]
      .forEach(function (part) {
        if (!part[0]) { return; }
        box.appendChild(document.createTextNode(" "));
        box.appendChild(node(part[1], part[2], part[0]));
      });
    return box;
  }

  function legendHeading(row) {
    var heading = node("div", "mapgen-role");
    var swatch = node("span", "mapgen-swatch");
    swatch.style.background = config.legend[row].color;
    heading.appendChild(swatch);
    heading.appendChild(document.createTextNode(config.legend[row].label));
    return heading;
  }

  function factsByRow(facts) {
    var rows = [];
    facts.forEach(function (fact) { if (rows.indexOf(fact[1]) < 0) { rows.push(fact[1]); } });
    return rows.sort(function (a, b) { return a - b; }).map(function (row) {
      return { row: row, facts: facts.filter(function (fact) { return fact[1] === row; }) };
    });
  }

  // A dataset line is [when, legend row, heading, companies, rows].
  function describeDatasets(id, box) {
    visibleDatasets(id).forEach(function (line) {
      var heading = legendHeading(line[1]);
      heading.lastChild.textContent = line[2];
      box.appendChild(heading);
      if (line[3]) { box.appendChild(node("div", null, line[3])); }
      box.appendChild(node("div", "mapgen-source", line[4]));
    });
  }

  // A popup never taller than the map leaves room for: on a phone it scrolls little or not at all.
  function popupHeight() { return Math.max(160, Math.min(320, map.getSize().y - 90)); }

  // Every visible fact with its source (popups, and tooltips of countries with few facts). A long
  // list shows its first facts and a button for all of them, so a popup stays short on a phone.
  function describe(id, everything, popup) {
    var box = node("div", "mapgen-tip");
    box.appendChild(node("strong", null, countryOf(id).name));
    var facts = visibleFacts(id);
    if (!facts.length && !visibleDatasets(id).length) {
      box.appendChild(node("div", "mapgen-none", countryOf(id).facts ? config.text.switchedOff : config.text.noFact));
      return box;
    }
    var room = everything || !popup ? facts.length : config.popupFacts, listed = 0;
    factsByRow(facts).forEach(function (group) {
      if (listed >= room) { return; }
      box.appendChild(legendHeading(group.row));
      var list = node("ul");
      group.facts.slice(0, room - listed).forEach(function (fact) {
        var item = node("li", null, fact[2] + " ");
        if (fact[4]) { item.insertBefore(node("span", "mapgen-tag", fact[4]), item.firstChild); }
        if (fact[3]) { item.insertBefore(node("span", "mapgen-figure", fact[3]), item.firstChild); }
        item.appendChild(sourceLine(fact[5]));
        list.appendChild(item);
        listed += 1;
      });
      box.appendChild(list);
    });
    if (listed < facts.length) {
      var all = node("button", "mapgen-all-facts", fill(config.text.allFacts, "n", facts.length));
      all.type = "button";
      // Marked on the button itself: the click replaces the popup's content, so by the time it
      // reaches the map the button is out of the popup and Leaflet would take it for a click on
      // the map (which closes the popup).
      L.DomEvent.disableClickPropagation(all);
      all.addEventListener("click", function () { popup.setContent(describe(id, true, popup)); });
      box.appendChild(all);
    }
    describeDatasets(id, box);
    return box;
  }

  // For a country with many facts: which companies, in which role; the click shows the rest.
  function summarise(id) {
    var facts = visibleFacts(id);
    if (facts.length <= config.tooltipFacts) { return describe(id); }
    var box = node("div", "mapgen-tip");
    box.appendChild(node("strong", null, countryOf(id).name));
    factsByRow(facts).forEach(function (group) {
      box.appendChild(legendHeading(group.row));
      var names = group.facts.map(function (fact) { return fact[4]; })
        .filter(function (name, index, all) { return name && all.indexOf(name) === index; });
      box.appendChild(node("div", null, (names.length ? names.join(", ") + " " : "") +
        "(" + counted("fact", group.facts.length) + ")"));
    });
    describeDatasets(id, box);
    box.appendChild(node("div", "mapgen-more", config.text.more));
    return box;
  }

  // The controls first, so that the view can keep the countries clear of them; then the view, so
  // that the countries are drawn once, at the final zoom.
  var zoom = L.control.zoom({ zoomInTitle: config.text.zoomIn, zoomOutTitle: config.text.zoomOut }).addTo(map);
  var pan = mapgenPanControl(config.text).addTo(map);
  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = node("div", "mapgen-legend");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", config.text.legendTitle);
    box.appendChild(node("strong", null, config.text.legendTitle));
    config.legend.forEach(function (row, index) {
      var line = node("div");
      line.setAttribute("data-mapgen-legend", String(index));
      var swatch = node("span", "mapgen-swatch");
      swatch.style.background = row.color;
      line.appendChild(swatch);
      line.appendChild(document.createTextNode(row.label));
      box.appendChild(line);
    });
    return box;
  };
  legend.addTo(map);
  // The legend lists the colours the map shows now, and the grey of countries without facts.
  function showLegendInUse() {
    var inUse = {};
    Object.keys(config.countries).forEach(function (id) { inUse[rowOf(id)] = true; });
    document.querySelectorAll("[data-mapgen-legend]").forEach(function (row) {
      var index = Number(row.getAttribute("data-mapgen-legend"));
      row.hidden = config.legend[index].color !== config.grey && !inUse[index];
    });
  }
  showLegendInUse();
  // Leaflet's own attribution box writes its text as HTML; this one, like every text here, as text
  // (the words come from a translation table, which may be the user's own).
  var credit = L.control({ position: "bottomright" });
  credit.onAdd = function () { return node("div", "leaflet-control-attribution", config.text.attribution); };
  credit.addTo(map);
  // The view: the region fitted above the legend (where the frame is wide enough to show it on the
  // map); where that puts a coloured country under the buttons, the region is fitted again beside
  // them or below them, whichever shows the map larger (below, on a tall phone map).
  function fit() {
    var frame = map.getContainer().getBoundingClientRect(), key = legend.getContainer().getBoundingClientRect();
    var buttons = [zoom, pan].map(function (control) { return control.getContainer().getBoundingClientRect(); });
    var under = L.point(0, Math.max(key.height ? frame.bottom - key.top + 4 : 0, 0));
    map.fitBounds(config.bounds, { animate: false, paddingBottomRight: under });
    if (clearOf(buttons, frame)) { return; }
    var right = Math.max(buttons[0].right, buttons[1].right) - frame.left + 4;
    var below = Math.max(buttons[0].bottom, buttons[1].bottom) - frame.top + 4;
    var beside = L.point(Math.max(right, 0), 0), above = L.point(0, Math.max(below, 0));
    var zoomWith = function (topLeft) { return map.getBoundsZoom(config.bounds, false, topLeft.add(under)); };
    var topLeft = zoomWith(above) > zoomWith(beside) ? above : beside;
    map.fitBounds(config.bounds, { animate: false, paddingTopLeft: topLeft, paddingBottomRight: under });
  }
  // Whether no coloured country's box (config.places: [id, y, x, width, height, south, west, north,
  // east]) meets any of these screen rectangles at the current view.
  function clearOf(rectangles, frame) {
    var areas = rectangles.map(function (r) {
      return L.bounds(L.point(r.left - frame.left, r.top - frame.top), L.point(r.right - frame.left, r.bottom - frame.top));
    });
    return config.places.every(function (place) {
      var box = L.bounds(map.latLngToContainerPoint(L.latLng(place[5], place[6])),
        map.latLngToContainerPoint(L.latLng(place[7], place[8])));
      return areas.every(function (area) { return !area.intersects(box); });
    });
  }
  fit();
  // A grey country (no fact there) keeps a white border and gives way to a small neighbour's tap target.
  var countries = mapgenCountries(shapes, styleOf, function (id) { return colourOf(id) === config.grey; }).addTo(map);

  var tooltip = L.tooltip({ className: "mapgen-tooltip", direction: "auto" });
  var hovered = null;
  function leave() {
    hovered = null;
    countries.highlight(null);
    map.closeTooltip(tooltip);
  }
  map.on("mousemove", function (event) {
    if (map.dragging && map.dragging.moving()) { return; }
    var hit = countries.at(event.containerPoint);
    if (!hit) { leave(); return; }
    if (!hovered || hovered.id !== hit.id) {
      hovered = hit;
      countries.highlight(hit);
      tooltip.setContent(summarise(hit.id));
    }
    // A country's tooltip follows the pointer; a dot's stays by the dot.
    map.openTooltip(tooltip, hit.latlng || event.latlng);
  });
  map.on("mouseout", leave);
  function openPopup(id, latlng) {
    leave();
    // Kept below the buttons in the top left corner (they sit above popups).
    var top = map.getContainer().getBoundingClientRect().top;
    var below = Math.max(zoom.getContainer().getBoundingClientRect().bottom, pan.getContainer().getBoundingClientRect().bottom);
    var popup = L.popup({ className: "mapgen-popup", maxWidth: 300, maxHeight: popupHeight(),
      autoPanPaddingTopLeft: L.point(10, Math.max(below - top + 6, 10)) });
    popup.setLatLng(latlng).setContent(describe(id, false, popup)).openOn(map);
  }
  // A finger's tap is taken where the finger touched, not where the browser's touch adjustment
  // moved the click to (it favours the larger neighbour).
  var touched = null;
  map.getContainer().addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "mouse" ? null : { point: map.mouseEventToContainerPoint(event), time: Date.now() };
  });
  map.on("click", function (event) {
    var point = touched && Date.now() - touched.time < 1000 ? touched.point : event.containerPoint;
    touched = null;
    var hit = countries.at(point);
    if (hit) { openPopup(hit.id, hit.latlng || map.containerPointToLatLng(point)); }
  });

  // Tap targets: a ring where a coloured country is drawn smaller than a finger at this zoom.
  var placeOf = {};
  config.places.forEach(function (place) { placeOf[place[0]] = place; });
  function retarget() {
    var scale = map.getZoomScale(map.getZoom(), 0);
    countries.targets(config.places.filter(function (place) {
      return colourOf(place[0]) !== config.grey && Math.min(place[3], place[4]) * scale < TARGET_PX;
    }).map(function (place) { return { id: place[0], latlng: L.latLng(place[1], place[2]) }; }));
  }
  map.on("zoomend", function () { countries.restyle(); retarget(); });
  retarget();

  var keyboard = mapgenKeyboard(map, countries, config, {
    coloured: function (id) { return colourOf(id) !== config.grey; },
    enter: function (id) { openPopup(id, L.latLng(placeOf[id][1], placeOf[id][2])); },
    lit: function (hit) { countries.highlight(hit, true); },
  });


  window.mapgenMap = { map: map, countries: countries };
  // For the benchmark: when the countries were added, when the browser next painted, and when the
  // page was ready for the reader (switches wired).
  window.mapgenTimings = { drawn: performance.now() };
  requestAnimationFrame(function () {
    setTimeout(function () { window.mapgenTimings.painted = performance.now(); }, 0);
  });

  // An element's data-mapgen-when: alternatives separated by ";", any of which may hold.
  function shownNow(text) {
    if (!text) { return true; }
    return text.split(";").some(function (alternative) {
      return holds(alternative.split("|").map(function (group) { return group.split(",").map(Number); }));
    });
  }

  // The panel, the legend and the counts as the switches are now.
  function applySwitches() {
    document.querySelectorAll("[data-mapgen-switch]").forEach(function (box) {
      on[Number(box.getAttribute("data-mapgen-switch"))] = box.checked;
    });
    document.querySelectorAll("[data-mapgen-when]").forEach(function (item) {
      item.hidden = !shownNow(item.getAttribute("data-mapgen-when"));
    });
    ["claim", "country"].forEach(function (noun) {
      var shown = Array.prototype.filter.call(document.querySelectorAll("[data-mapgen-item=" + noun + "]"),
        function (item) { return !item.hidden; }).length;
      document.querySelectorAll("[data-mapgen-count=" + noun + "]").forEach(function (summary) {
        summary.textContent = counted(noun, shown);
      });
      if (noun === "claim") {
        document.querySelectorAll("[data-mapgen-none]").forEach(function (item) { item.hidden = shown > 0; });
      }
    });
    showLegendInUse();
    var outlined = Object.keys(config.countries).filter(function (id) {
      return (countryOf(id).outlines || []).some(function (key) { return on[key]; });
    });
    countries.outline(outlined).restyle();
    retarget();
    keyboard.refresh();
    map.closePopup();
  }

  function fold() {
    document.querySelectorAll("details.mapgen-collapsible").forEach(function (details) { details.open = false; });
  }

  // The filter box: the view gave each switch the words it answers to (lower case, no accents);
  // while a filter is typed, the folds holding a match open, and they close again when it is cleared.
  function plain(text) { return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  function filterSwitches(text) {
    var query = plain(text), shown = 0, items = document.querySelectorAll("[data-mapgen-filter-item]");
    items.forEach(function (item) {
      item.hidden = query !== "" && item.getAttribute("data-mapgen-filter-item").indexOf(query) < 0;
      if (!item.hidden) { shown += 1; }
    });
    document.querySelectorAll("[data-mapgen-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-mapgen-filter-item]:not([hidden])");
      group.querySelectorAll("details").forEach(function (fold) {
        if (query && !fold.hasAttribute("data-mapgen-was")) { fold.setAttribute("data-mapgen-was", fold.open ? "open" : ""); }
        if (query) { fold.open = !!fold.querySelector("[data-mapgen-filter-item]:not([hidden])"); }
        if (!query && fold.hasAttribute("data-mapgen-was")) {
          fold.open = fold.getAttribute("data-mapgen-was") === "open";
          fold.removeAttribute("data-mapgen-was");
        }
      });
    });
    document.querySelectorAll("[data-mapgen-filter-status]").forEach(function (status) {
      status.textContent = query ? fill(fill(status.getAttribute("data-mapgen-filter-status"), "shown",
        shown.toLocaleString(config.lang)), "total", items.length.toLocaleString(config.lang)) : "";
    });
  }

  function wire() {
    document.querySelectorAll("[data-mapgen-switch]").forEach(function (box) {
      box.addEventListener("change", applySwitches);
    });
    document.querySelectorAll("[data-mapgen-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        var state = button.getAttribute("data-mapgen-all") === "on";
        // Every company, and the facts that name none; dataset layers and outlines stay as they are.
        document.querySelectorAll("[data-mapgen-kind=company], [data-mapgen-kind=no_company]").forEach(function (box) {
          box.checked = state;
        });
        applySwitches();
      });
    });
    document.querySelectorAll("[data-mapgen-filter]").forEach(function (box) {
      box.addEventListener("input", function () { filterSwitches(box.value); });
    });
    // On a phone the claims and the country list start folded behind their headings and counts.
    // "A phone" is whatever the stylesheet lays out as one (--mapgen-phone), so the breakpoint is
    // written once; reading it needs styles only, not a layout of the half-parsed page.
    if (getComputedStyle(document.documentElement).getPropertyValue("--mapgen-phone").trim() === "1") { fold(); }
    mapgenFind(config, plain, function (id) {
      var place = placeOf[id], latlng = place ? L.latLng(place[1], place[2]) : countries.centreOf(id);
      if (!latlng) { return; }
      if (!map.getBounds().contains(latlng)) { map.setView(latlng, map.getZoom(), { animate: false }); }
      openPopup(id, latlng);
    });
    var refit = function () {
      map.invalidateSize();
      fit();
    };
    // In a frame of fixed height (the snippet without its script), the panel folds until it fits:
    // measured once the panel is whole (the search box shown).
    var unfold = mapgenFixedFrame(map.getContainer(), refit);
    // Embedded at its natural height, the map keeps most of the frame: the lists start folded.
    mapgenAutoHeight(function () {
      unfold();
      fold();
      document.querySelectorAll("details.mapgen-switch-list").forEach(function (details) { details.open = false; });
      refit();
    });
    window.mapgenTimings.ready = performance.now();
    document.documentElement.setAttribute("data-mapgen-ready", "true");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
}

/* Buttons that move the map, beside the zoom buttons: a way to pan without dragging (WCAG 2.5.7).
 * Each moves the view by a third of the map's size. */
function mapgenPanControl(text) {
  "use strict";
  var PanControl = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var bar = L.DomUtil.create("div", "mapgen-pan");
      [["panUp", "\u2191", 0, -1], ["panLeft", "\u2190", -1, 0], ["panRight", "\u2192", 1, 0], ["panDown", "\u2193", 0, 1]]
        .forEach(function (button) {
          var element = L.DomUtil.create("button", "mapgen-pan-" + button[0], bar);
          element.type = "button";
          element.textContent = button[1];
          element.title = text[button[0]];
          element.setAttribute("aria-label", text[button[0]]);
          L.DomEvent.disableClickPropagation(element);
          L.DomEvent.on(element, "click", function () {
            var size = map.getSize();
            map.panBy(L.point(button[2] * size.x / 3, button[3] * size.y / 3));
          });
        });
      return bar;
    }
  });
  return new PanControl();
}

/* The keyboard's tour of the coloured countries: one stop in the page's Tab order (the country
 * last reached, at first the first of the list), arrow keys to the next or previous coloured
 * country in the order of the country list, Home and End to the first and last, Enter or Space to
 * open its popup, Escape to close it. The country reached is outlined and brought into view. */
function mapgenKeyboard(map, countries, config, on) {
  "use strict";
  var tour = config.places.map(function (place) { return place[0]; }), current = null;
  var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  function stops() { return tour.filter(on.coloured); }

  function refresh() {
    var coloured = stops();
    if (coloured.indexOf(current) < 0) { current = coloured[0] || null; }
    tour.forEach(function (id) {
      var element = countries.elementOf(id);
      if (!element) { return; }
      if (coloured.indexOf(id) < 0) {
        ["tabindex", "role", "aria-label"].forEach(function (name) { element.removeAttribute(name); });
        return;
      }
      element.setAttribute("tabindex", id === current ? "0" : "-1");
      element.setAttribute("role", "button");
      element.setAttribute("aria-label", config.countries[id].name);
    });
  }

  function reach(id) {
    current = id;
    refresh();
    var element = countries.elementOf(id), place = config.places[tour.indexOf(id)];
    var latlng = L.latLng(place[1], place[2]);
    if (!map.getBounds().pad(-0.1).contains(latlng)) { map.panTo(latlng, { animate: false }); }
    element.focus({ preventScroll: true });
  }

  function light(id) {
    var place = config.places[tour.indexOf(id)];
    on.lit({ id: id, latlng: L.latLng(place[1], place[2]) });
  }

  var svg = countries.elementOf(tour[0]) && countries.elementOf(tour[0]).ownerSVGElement;
  if (svg) {
    svg.addEventListener("keydown", function (event) {
      var item = event.target.mapgenItem, coloured = stops();
      if (!item || coloured.indexOf(item.id) < 0) { return; }
      var index = coloured.indexOf(item.id), next = null;
      if (moves[event.key]) { next = coloured[(index + moves[event.key] + coloured.length) % coloured.length]; }
      if (event.key === "Home") { next = coloured[0]; }
      if (event.key === "End") { next = coloured[coloured.length - 1]; }
      if (next) { reach(next); }
      if (event.key === "Enter" || event.key === " ") { on.enter(item.id); light(item.id); }
      if (event.key === "Escape") { map.closePopup(); }
      if (next || event.key === "Enter" || event.key === " " || event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();  // not to Leaflet's own keys, which would move the map
      }
    });
    svg.addEventListener("focusin", function (event) { if (event.target.mapgenItem) { light(event.target.mapgenItem.id); } });
    svg.addEventListener("focusout", function () { on.lit(null); });
  }
  refresh();
  return { refresh: refresh };
}

/* The search box: a country's name in the map's language (the names the page lists, drawn
 * countries only), matched whole, else by its start, as `plain` writes both (accents and case
 * aside); `open(code)` shows it. */
function mapgenFind(config, plain, open) {
  "use strict";
  var form = document.querySelector("[data-mapgen-find]");
  if (!form) { return; }
  var input = form.querySelector("input"), status = form.querySelector(".mapgen-find-status");
  var names = Array.prototype.map.call(form.querySelectorAll("option"), function (option) {
    return { name: plain(option.value), id: option.getAttribute("data-mapgen-iso3") };
  });
  function find() {
    var wanted = plain(input.value);
    if (!wanted) { return; }
    var found = names.filter(function (entry) { return entry.name === wanted; })[0] ||
      names.filter(function (entry) { return entry.name.indexOf(wanted) === 0; })[0];
    status.textContent = found ? "" : config.text.searchNone;
    if (found) { open(found.id); }
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); find(); });
  // Picking a name from the list the browser offers fills the box whole: open it at once.
  input.addEventListener("input", function (event) {
    if (event.inputType === "insertReplacementText" || !event.inputType) { find(); }
  });
  form.hidden = false;
}

function mapgenData(id) {
  "use strict";
  return JSON.parse(document.getElementById(id).textContent);
}

/* Every country and small-state dot of a map as one Leaflet layer: one SVG element.
 *
 * A country arrives as [ISO code, SVG path, box]: its outline in planar grid steps of `unit` map
 * units each, y pointing down. The path goes into the page as it is, in a group whose transform
 * scales it to the zoom, so the browser parses, draws and hit-tests it itself: no vertex passes
 * through JavaScript, and the whole map is one layer rather than one per country. A dot arrives
 * as [ISO code, y, x] in map units and keeps its size in pixels at every zoom.
 *
 * `styleOf(id, isDot)` says how an item is drawn now ({fillColor, color, weight, radius, under}),
 * or null to leave a dot out; `plain(id)` whether a country has no fact's colour now. From the
 * bottom up: dots marked `under` (grey small states, under the countries so they never take a
 * pointer from them), countries, the dark borders of the coloured ones, membership outlines, the
 * other dots, the tap targets of small coloured countries, the highlight. The browser gives the
 * pointer to whatever is on top, and `at` decides between a country and a tap target. */
var MapgenCountries = null;
function mapgenCountries(shapes, styleOf, plain) {
  "use strict";
  var make = function (tag, attributes) {
    var element = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    return element;
  };
  // The parts of Leaflet's renderer that are not public API, used here only: the map it is on,
  // the pixel bounds it covers, whether a zoom animation runs, and its own update of both.
  var internals = {
    map: function (renderer) { return renderer._map; },
    bounds: function (renderer) { return renderer._bounds; },
    zoomAnimating: function (renderer) { return renderer._map._animatingZoom; },
    update: function (renderer) { L.Renderer.prototype._update.call(renderer); }
  };
  if (!MapgenCountries) {
    MapgenCountries = L.Renderer.extend({
      initialize: function (shapes, styleOf, plain) {
        L.Renderer.prototype.initialize.call(this, { padding: 0.1 });
        this._unit = shapes.unit;
        this._styleOf = styleOf;
        this._plain = plain;
        this._targets = [];
        this._shapes = shapes;
        this._outlined = {};
      },

      _initContainer: function () {
        var svg = this._container = make("svg", { "class": "mapgen-countries" });
        this._under = svg.appendChild(make("g"));
        this._world = svg.appendChild(make("g", { stroke: "#ffffff", "stroke-width": 0.7, "stroke-linejoin": "round" }));
        // A coloured country's border: dark, so that it stands at 3:1 or more against any fill
        // beside it (WCAG 1.4.11), where white between two oranges would not.
        this._borders = svg.appendChild(make("g", { fill: "none", stroke: "#1b1b1b", "stroke-width": 0.8,
          "stroke-linejoin": "round", "pointer-events": "none" }));
        this._outlines = svg.appendChild(make("g", { fill: "none", stroke: "#1b1b1b", "stroke-width": 1.6, "stroke-dasharray": "4 3" }));
        this._over = svg.appendChild(make("g"));
        this._rings = svg.appendChild(make("g", { fill: "#ffffff", "fill-opacity": 0, stroke: "#1b1b1b", "stroke-opacity": 0.55,
          "stroke-width": 1 }));
        this._lit = svg.appendChild(make("path", { fill: "none", stroke: "#111111", "stroke-width": 1.6, "stroke-linejoin": "round",
          "vector-effect": "non-scaling-stroke" }));
        this._litRing = svg.appendChild(make("circle", { fill: "none", stroke: "#111111", "stroke-width": 3, r: 14 }));
        this._litRing.style.display = "none";
        var world = this._world;
        this._areas = this._shapes.shapes.map(function (shape) {
          var path = world.appendChild(make("path", { d: shape[1], "class": "leaflet-interactive", "vector-effect": "non-scaling-stroke" }));
          path.mapgenItem = { id: shape[0], box: shape[2], element: path };
          return path.mapgenItem;
        });
        this._dots = this._shapes.markers.map(function (marker) {
          var circle = make("circle", { "class": "leaflet-interactive" });
          circle.mapgenItem = { id: marker[0], latlng: L.latLng(marker[1], marker[2]), element: circle };
          return circle.mapgenItem;
        });
        this.restyle();
      },

      _destroyContainer: function () {
        L.DomUtil.remove(this._container);
        delete this._container;
      },

      // The SVG covers the view and a margin around it, in layer pixels; after a zoom the groups of
      // countries are scaled anew and the dots placed anew.
      _update: function () {
        if (internals.zoomAnimating(this) && internals.bounds(this)) { return; }
        internals.update(this);
        var bounds = internals.bounds(this), size = bounds.getSize(), svg = this._container;
        svg.setAttribute("width", size.x);
        svg.setAttribute("height", size.y);
        L.DomUtil.setPosition(svg, bounds.min);
        svg.setAttribute("viewBox", [bounds.min.x, bounds.min.y, size.x, size.y].join(" "));
        var view = this._frameOfView(), planar = "matrix(" + [view.scale, 0, 0, view.scale, -view.origin.x, -view.origin.y].join(" ") + ")";
        [this._world, this._borders, this._outlines, this._lit].forEach(function (group) { group.setAttribute("transform", planar); });
        var map = internals.map(this);
        this._dots.concat(this._targets).forEach(function (dot) {
          var point = map.latLngToLayerPoint(dot.latlng);
          dot.element.setAttribute("cx", point.x);
          dot.element.setAttribute("cy", point.y);
        });
        if (this._litItem) { this.highlight(this._litItem, this._litFocus); }
      },

      // Tap targets ({id, latlng}): a ring 24 px across around each small country's place.
      targets: function (places) {
        var rings = this._rings, map = internals.map(this);
        while (rings.firstChild) { rings.removeChild(rings.firstChild); }
        this._targets = places.map(function (place) {
          var point = map.latLngToLayerPoint(place.latlng);
          var ring = rings.appendChild(make("circle", { "class": "leaflet-interactive", r: 12, cx: point.x, cy: point.y }));
          ring.mapgenItem = { id: place.id, latlng: place.latlng, element: ring, target: true };
          return ring.mapgenItem;
        });
        return this;
      },

      // The shape (or dot) a country is drawn with, for the keyboard.
      elementOf: function (id) {
        var item = this._areas.concat(this._dots).filter(function (each) { return each.id === id; })[0];
        return item ? item.element : null;
      },

      // The middle of a country's box, or its dot's point.
      centreOf: function (id) {
        var unit = this._unit, area = this._areas.filter(function (item) { return item.id === id; })[0];
        if (area) { return L.latLng(-(area.box[1] + area.box[3]) / 2 * unit, (area.box[0] + area.box[2]) / 2 * unit); }
        var dot = this._dots.filter(function (item) { return item.id === id; })[0];
        return dot ? dot.latlng : null;
      },

      // Planar grid steps to layer pixels: multiply by `scale`, then subtract `origin`.
      _frameOfView: function () {
        var map = internals.map(this);
        return { scale: map.getZoomScale(map.getZoom(), 0) * this._unit, origin: map.getPixelOrigin() };
      },

      // Colours and dots as `styleOf` says now.
      restyle: function () {
        var styleOf = this._styleOf, under = this._under, over = this._over, plain = this._plain, bordered = [];
        this._areas.forEach(function (area) {
          var fill = styleOf(area.id, false).fillColor;
          if (area.fill !== fill) { area.element.setAttribute("fill", fill); area.fill = fill; }
          if (!plain(area.id)) { bordered.push(area); }
        });
        var borders = this._borders;
        while (borders.firstChild) { borders.removeChild(borders.firstChild); }
        bordered.forEach(function (area) {
          borders.appendChild(make("path", { d: area.element.getAttribute("d"), "vector-effect": "non-scaling-stroke" }));
        });
        this._dots.forEach(function (dot) {
          var style = dot.style = styleOf(dot.id, true), element = dot.element;
          if (!style) { element.remove(); return; }
          element.setAttribute("r", style.radius);
          element.setAttribute("fill", style.fillColor);
          element.setAttribute("stroke", style.color);
          element.setAttribute("stroke-width", style.weight);
          (style.under ? under : over).appendChild(element);
        });
        return this;
      },

      // The country the pointer is on or the keyboard at (`focus`: drawn thicker, with a ring
      // around a small one), or none.
      highlight: function (hit, focus) {
        var area = hit && this._areas.filter(function (item) { return item.id === hit.id; })[0];
        var target = hit && this._targets.filter(function (item) { return item.id === hit.id; })[0];
        this._litItem = hit;
        this._litFocus = focus;
        this._dots.forEach(function (dot) {
          if (dot.style) { dot.element.setAttribute("stroke", dot === hit ? "#111111" : dot.style.color); }
        });
        if (area) { this._lit.setAttribute("d", area.element.getAttribute("d")); } else { this._lit.removeAttribute("d"); }
        this._lit.setAttribute("stroke-width", focus ? 3 : 1.6);
        var ring = (focus || (hit && hit.target)) && (target || (hit && hit.latlng && hit));
        if (ring) {
          var point = internals.map(this).latLngToLayerPoint(ring.latlng);
          this._litRing.setAttribute("cx", point.x);
          this._litRing.setAttribute("cy", point.y);
          this._litRing.style.display = "";
        } else {
          this._litRing.style.display = "none";
        }
        return this;
      },

      outline: function (ids) {
        var outlined = this._outlined = {}, group = this._outlines;
        ids.forEach(function (id) { outlined[id] = true; });
        while (group.firstChild) { group.removeChild(group.firstChild); }
        this._areas.forEach(function (area) {
          if (outlined[area.id]) { group.appendChild(make("path", { d: area.element.getAttribute("d"), "vector-effect": "non-scaling-stroke" })); }
        });
        return this;
      },

      // What the pointer at this container point reaches (the browser's own hit test): the item
      // ({id, element, and latlng for a dot or a tap target}) or null. The country under the
      // pointer, unless that is sea or a `plain` country with a tap target there (the nearest).
      at: function (containerPoint) {
        var box = internals.map(this).getContainer().getBoundingClientRect(), map = internals.map(this);
        var svg = this._container, items = [], stack = document.elementsFromPoint(box.left + containerPoint.x,
          box.top + containerPoint.y);
        // What lies on the map's drawing, down to the map; a popup, a control or a tooltip on top hides it.
        for (var i = 0; i < stack.length && (svg.contains(stack[i]) || stack[i].contains(svg)); i++) {
          if (stack[i].mapgenItem) { items.push(stack[i].mapgenItem); }
        }
        var under = items.filter(function (item) { return !item.target; })[0] || null;
        var targets = items.filter(function (item) { return item.target; }).sort(function (a, b) {
          return map.latLngToContainerPoint(a.latlng).distanceTo(containerPoint) -
            map.latLngToContainerPoint(b.latlng).distanceTo(containerPoint);
        });
        if (targets.length && (!under || (under.id !== targets[0].id && this._plain(under.id)))) { return targets[0]; }
        return under;
      }
    });
  }
  return new MapgenCountries(shapes, styleOf, plain);
}

/* A frame of fixed height: the embed snippet without its script (many CMSs strip scripts) gives
 * the page a frame it cannot grow. Everything must still be seen whole: title, map, legend and the
 * panel's headings, nothing cut at the frame's edge and no scrollbar inside it. While the page
 * overflows its frame (or leaves the map too small), the panel folds one step more: the claims and the country list behind
 * their headings and counts; then the notes under the headings; then the switches behind their
 * heading. A reader can open any of them again (only then does the panel scroll). Returns what
 * undoes the folding, for when the host's script makes the frame grow to the page instead. */
function mapgenFixedFrame(mapElement, onLayoutChange) {
  "use strict";
  var root = document.documentElement, panel = document.querySelector(".mapgen-panel");
  if (window.parent === window || !panel) { return function () {}; }
  var undo = [];
  var SMALLEST_MAP = 240;  // px: below this, a phone's map under the panel is too small to use
  function overflows() {
    return panel.scrollHeight > panel.clientHeight + 1 || root.scrollHeight > root.clientHeight + 1 ||
      mapElement.clientHeight < SMALLEST_MAP;
  }
  function foldLists() {
    panel.querySelectorAll("details.mapgen-collapsible[open]").forEach(function (details) {
      details.open = false;
      undo.push(function () { details.open = true; });
    });
  }
  function hideNotes() {
    root.classList.add("mapgen-frame-compact");
    undo.push(function () { root.classList.remove("mapgen-frame-compact"); });
  }
  function foldSwitches() {
    panel.querySelectorAll(".mapgen-switches, .mapgen-layers").forEach(function (section) {
      var heading = section.querySelector("h2");
      var details = document.createElement("details"), summary = document.createElement("summary");
      details.className = "mapgen-frame-fold";
      while (heading.nextSibling) { details.appendChild(heading.nextSibling); }
      section.appendChild(details);
      summary.appendChild(heading);
      details.insertBefore(summary, details.firstChild);
      undo.push(function () {
        section.insertBefore(heading, details);
        summary.remove();
        while (details.firstChild) { section.insertBefore(details.firstChild, details); }
        details.remove();
      });
    });
  }
  var steps = [foldLists, hideNotes, foldSwitches], next = 0, active = true;
  function fit() {
    if (!active) { return; }
    var changed = false;
    while (next < steps.length && overflows()) { steps[next++](); changed = true; }
    if (changed) { onLayoutChange(); }
  }
  root.classList.add("mapgen-fixed-frame");
  undo.push(function () { root.classList.remove("mapgen-fixed-frame"); });
  fit();
  window.addEventListener("resize", fit);
  return function () {
    active = false;
    while (undo.length) { undo.pop()(); }
  };
}

/* Auto-height embedding. When the host page's snippet asks ({mapgen: "auto-height"}), the page
 * switches from fitting its frame to its natural height and reports that height
 * ({mapgen: "height"}) whenever it changes, so the frame can show everything with no scrollbar.
 * Only the parent frame is answered, and only at its origin: no other window learns anything.
 * A parent with an opaque origin (a file, a sandboxed frame) cannot be addressed alone and gets
 * no answer. Without the snippet's script the page keeps fitting whatever height the frame has. */
function mapgenAutoHeight(onLayoutChange) {
  "use strict";
  if (window.parent === window) { return; }
  var active = false, parentOrigin = null;
  function report() {
    window.parent.postMessage({ mapgen: "height", height: Math.ceil(document.body.getBoundingClientRect().height) },
      parentOrigin);
  }
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.mapgen !== "auto-height") { return; }
    if (!event.origin || event.origin === "null") { return; }
    parentOrigin = event.origin;
    if (!active) {
      active = true;
      document.documentElement.classList.add("mapgen-auto-height");
      onLayoutChange();
      if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
    }
    report();
  });
}
