/* mapgen's map behaviour: colour countries by role, explain them on hover and click, and let
 * readers switch suppliers. Every text from a facts file is inserted with textContent, never as
 * HTML, so no claim, name or source can inject markup or script into the page. */
function mapgenSetup(config, shapes, map) {
  "use strict";
  var enabled = {};
  config.suppliers.forEach(function (s) { enabled[s.id] = true; });
  var showDatasets = true;
  // Set the view before adding any shape, so that each is drawn once, at the final zoom.
  map.fitBounds(config.bounds, { animate: false });
  var areaLayer = L.geoJSON(mapgenDecode(shapes), {
    smoothFactor: 1,
    noClip: true, // clipping big countries to the view cost more than drawing them whole
    style: function (feature) { return styleFor(feature, false); }
  });
  // Small states are dots. A coloured one sits above the countries, plain to see; a grey one sits
  // under them, so it never takes a hover or a tap from a neighbour, and shows only once the
  // reader zooms in (at world zoom, dozens of grey dots would only clutter the map).
  map.createPane("mapgenMinorDots").style.zIndex = "390";
  map.createPane("mapgenMajorDots").style.zIndex = "450";
  var dotRenderers = { major: L.svg({ pane: "mapgenMajorDots" }), minor: L.svg({ pane: "mapgenMinorDots" }) };
  var MINOR_DOTS_FROM_ZOOM = 3;
  var markerLayer = L.featureGroup(shapes.markers.map(function (marker) {
    var feature = { id: marker[0] };
    var dot = L.circleMarker([marker[1], marker[2]], styleFor(feature, true));
    dot.feature = feature;
    dot.options.renderer = dotRenderer(feature);
    return dot;
  }));
  function dotRenderer(feature) {
    return visibleFacts(feature).length || inDatasets(feature).length ? dotRenderers.major : dotRenderers.minor;
  }
  function placeDot(dot) {
    var renderer = dotRenderer(dot.feature);
    if (dot.options.renderer === renderer) { return; }
    markerLayer.removeLayer(dot);
    dot.options.renderer = renderer;
    markerLayer.addLayer(dot);
  }
  function showMinorDots() {
    map.getPane("mapgenMinorDots").style.display = map.getZoom() >= MINOR_DOTS_FROM_ZOOM ? "" : "none";
  }
  map.on("zoomend", showMinorDots);
  showMinorDots();
  var layers = [areaLayer, markerLayer];
  var shownMemberships = config.memberships.map(function () { return false; });
  var membershipLayers = config.memberships.map(function (membership) {
    var members = {};
    membership.members.forEach(function (iso3) { members[iso3] = true; });
    return L.geoJSON(mapgenDecode(shapes), {
      filter: function (feature) { return members[feature.id]; },
      style: { fill: false, color: "#1b1b1b", weight: 1.6, dashArray: "4 3", opacity: 1 },
      interactive: false,
      noClip: true
    });
  });

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = text; }
    return element;
  }

  function countryOf(feature) { return config.countries[feature.id] || { name: String(feature.id) }; }

  // A fact is [supplier index or -1, role index, claim, source index, evidence, date].
  function visibleFacts(feature) {
    return (countryOf(feature).facts || []).filter(function (fact) {
      return fact[0] < 0 || enabled[config.suppliers[fact[0]].id];
    });
  }

  function topRole(facts) {
    return facts.reduce(function (best, fact) { return Math.min(best, fact[1]); }, config.roles.length);
  }

  // A dataset's entry is [dataset index, supplier indices, first rows, row count]. It shows while
  // the dataset layer is on and one of its suppliers is switched on.
  function inDatasets(feature) {
    if (!showDatasets) { return []; }
    return (countryOf(feature).datasets || []).filter(function (entry) {
      return !entry[1].length || entry[1].some(function (index) { return enabled[config.suppliers[index].id]; });
    });
  }

  function plural(n, one, other) { return (n === 1 ? one : other).replace("{n}", String(n)); }

  function styleFor(feature, isMarker) {
    var facts = visibleFacts(feature);
    var fill = facts.length ? config.roles[topRole(facts)].color
      : inDatasets(feature).length ? config.datasetColour : config.grey;
    if (!isMarker) { return { fillColor: fill, fillOpacity: 1, color: "#ffffff", weight: 0.7, opacity: 1 }; }
    // Small states: a dot, so they can be found and hovered at world zoom.
    return facts.length
      ? { fillColor: fill, fillOpacity: 1, color: "#222222", weight: 1.2, opacity: 1, radius: 6 }
      : { fillColor: fill, fillOpacity: 1, color: "#8c8c8c", weight: 0.8, opacity: 1, radius: 3.5 };
  }

  function sourceLine(index, evidence, date) {
    var source = config.sources[index];
    var line = node("span", "mapgen-source", config.text.source + " ");
    if (/^https?:\/\//i.test(source.url || "")) {
      var link = node("a", null, source.label);
      link.href = source.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      line.appendChild(link);
    } else {
      line.appendChild(document.createTextNode(source.label));
    }
    if (date) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(node("span", "mapgen-date", date));
    }
    if (evidence) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(node("q", "mapgen-evidence", evidence));
    }
    return line;
  }

  function roleHeading(role) {
    var heading = node("div", "mapgen-role");
    var swatch = node("span", "mapgen-swatch");
    swatch.style.background = role.color;
    heading.appendChild(swatch);
    heading.appendChild(document.createTextNode(role.label));
    return heading;
  }

  function factsByRole(facts) {
    return config.roles.map(function (role, roleIndex) {
      return { role: role, facts: facts.filter(function (fact) { return fact[1] === roleIndex; }) };
    }).filter(function (group) { return group.facts.length; });
  }

  // What each dataset says of the country: suppliers, and the first rows (a summary, not every row).
  function describeDatasets(feature, box) {
    inDatasets(feature).forEach(function (entry) {
      var dataset = config.datasets[entry[0]];
      var heading = node("div", "mapgen-role");
      var swatch = node("span", "mapgen-swatch");
      swatch.style.background = config.datasetColour;
      heading.appendChild(swatch);
      heading.appendChild(document.createTextNode(config.text.datasetIn.replace("{dataset}", dataset.label)));
      box.appendChild(heading);
      var names = entry[1].map(function (index) { return config.suppliers[index].name; });
      if (names.length) { box.appendChild(node("div", null, config.text.datasetSuppliers + " " + names.join(", "))); }
      var rows = dataset.file + ", " + config.text.datasetRows.replace("{rows}", entry[2].join(", "));
      if (entry[3] > entry[2].length) {
        rows += " " + plural(entry[3] - entry[2].length, config.text.datasetMoreRow, config.text.datasetMoreRows);
      }
      box.appendChild(node("div", "mapgen-source", rows));
    });
    config.memberships.forEach(function (membership, index) {
      if (shownMemberships[index] && membership.members.indexOf(feature.id) >= 0) {
        box.appendChild(node("div", "mapgen-source", membership.label));
      }
    });
  }

  // A popup never taller than the map leaves room for: on a phone it scrolls little or not at all.
  function popupHeight() { return Math.max(160, Math.min(320, map.getSize().y - 90)); }

  // Every visible fact with its source (popups, and tooltips of countries with few facts). A long
  // list shows its first facts and a button for all of them, so a popup stays short on a phone.
  function describe(feature, everything, shape) {
    var box = node("div", "mapgen-tip");
    box.appendChild(node("strong", null, countryOf(feature).name));
    var facts = visibleFacts(feature);
    if (!facts.length) {
      if (!inDatasets(feature).length) {
        box.appendChild(node("div", "mapgen-none", countryOf(feature).facts ? config.text.switchedOff : config.text.noFact));
      }
      describeDatasets(feature, box);
      return box;
    }
    var room = everything || !shape ? facts.length : config.popupFacts;
    factsByRole(facts).forEach(function (group) {
      if (room <= 0) { return; }
      box.appendChild(roleHeading(group.role));
      var list = node("ul");
      group.facts.slice(0, room).forEach(function (fact) {
        var item = node("li", null, fact[2] + " ");
        if (fact[0] >= 0) { item.insertBefore(node("span", "mapgen-tag", config.suppliers[fact[0]].name), item.firstChild); }
        item.appendChild(sourceLine(fact[3], fact[4], fact[5]));
        list.appendChild(item);
      });
      room -= group.facts.length;
      box.appendChild(list);
    });
    if (room < 0) {
      var all = node("button", "mapgen-all-facts", config.text.allFacts.replace("{n}", String(facts.length)));
      all.type = "button";
      all.addEventListener("click", function () { shape.setPopupContent(describe(feature, true, shape)); });
      box.appendChild(all);
    }
    describeDatasets(feature, box);
    return box;
  }

  // For a country with many facts: which suppliers, in which role; the click shows the rest.
  function summarise(feature) {
    var facts = visibleFacts(feature);
    if (facts.length <= config.tooltipFacts) { return describe(feature); }
    var box = node("div", "mapgen-tip");
    box.appendChild(node("strong", null, countryOf(feature).name));
    factsByRole(facts).forEach(function (group) {
      box.appendChild(roleHeading(group.role));
      var names = group.facts.map(function (fact) { return fact[0] >= 0 ? config.suppliers[fact[0]].name : ""; })
        .filter(function (name, index, all) { return name && all.indexOf(name) === index; });
      var count = plural(group.facts.length, config.text.factOne, config.text.factOther);
      box.appendChild(node("div", null, (names.length ? names.join(", ") + " " : "") + "(" + count + ")"));
    });
    describeDatasets(feature, box);
    box.appendChild(node("div", "mapgen-more", config.text.more));
    return box;
  }

  function restyle() {
    markerLayer.eachLayer(placeDot);
    layers.forEach(function (layer) {
      layer.eachLayer(function (shape) { shape.setStyle(styleFor(shape.feature, layer === markerLayer)); });
    });
  }

  layers.forEach(function (layer) {
    var isMarker = layer === markerLayer;
    layer.eachLayer(function (shape) {
      shape.bindTooltip(function () { return summarise(shape.feature); },
        { sticky: !isMarker, className: "mapgen-tooltip", direction: "auto" });
      shape.bindPopup(function () { return describe(shape.feature, false, shape); },
        { className: "mapgen-popup", maxWidth: 300, maxHeight: popupHeight() });
      shape.on("mouseover", function () {
        shape.setStyle({ color: "#111111", weight: isMarker ? 2 : 1.6 });
        // no bringToFront here: re-inserting the path under the pointer swallows the next click
      });
      shape.on("mouseout", function () { shape.setStyle(styleFor(shape.feature, isMarker)); });
      shape.on("popupopen", function () { shape.closeTooltip(); });
    });
  });

  L.control.zoom({ zoomInTitle: config.text.zoomIn, zoomOutTitle: config.text.zoomOut }).addTo(map);

  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var box = node("div", "mapgen-legend");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", config.text.legendTitle);
    box.appendChild(node("strong", null, config.text.legendTitle));
    // Only the roles some country has, then dataset countries and the rest (mapgen.captions.legend_rows).
    config.legend.forEach(function (role) {
      var row = node("div");
      var swatch = node("span", "mapgen-swatch");
      swatch.style.background = role.color;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(role.label));
      box.appendChild(row);
    });
    return box;
  };
  legend.addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(config.text.attribution);

  function applySwitches() {
    document.querySelectorAll("[data-mapgen-switch]").forEach(function (box) {
      enabled[box.getAttribute("data-mapgen-switch")] = box.checked;
    });
    document.querySelectorAll("[data-mapgen-layer]").forEach(function (box) {
      var layer = box.getAttribute("data-mapgen-layer");
      if (layer === "datasets") { showDatasets = box.checked; return; }
      var index = Number(layer.split("-")[1]);
      shownMemberships[index] = box.checked;
      if (box.checked) { membershipLayers[index].addTo(map); } else { membershipLayers[index].remove(); }
    });
    document.querySelectorAll("[data-mapgen-supplier]").forEach(function (item) {
      var ids = item.getAttribute("data-mapgen-supplier").split(" ").filter(Boolean);
      item.hidden = (ids.length > 0 && !ids.some(function (id) { return enabled[id]; })) ||
        (item.hasAttribute("data-mapgen-dataset-country") && !showDatasets);
    });
    restyle();
    map.closePopup();
  }
  document.querySelectorAll("[data-mapgen-switch], [data-mapgen-layer]").forEach(function (box) {
    box.addEventListener("change", applySwitches);
  });
  document.querySelectorAll("[data-mapgen-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("data-mapgen-all") === "on";
      // Everything a reader can colour the map with: every supplier, and the dataset layer.
      document.querySelectorAll("[data-mapgen-switch], [data-mapgen-layer=datasets]").forEach(function (box) {
        box.checked = on;
      });
      applySwitches();
    });
  });

  // On a phone the claims and the country list start folded behind their headings and counts.
  if (window.innerWidth < 640) {
    document.querySelectorAll("details.mapgen-collapsible").forEach(function (details) { details.open = false; });
  }
  areaLayer.addTo(map);
  markerLayer.addTo(map);
  mapgenAutoHeight(function () {
    map.invalidateSize();
    map.fitBounds(config.bounds, { animate: false });
  });
  window.mapgenMap = { map: map, areas: areaLayer, markers: markerLayer };
  // For the benchmark: when the shapes were added, and when the browser next painted.
  window.mapgenTimings = { drawn: performance.now() };
  requestAnimationFrame(function () {
    setTimeout(function () { window.mapgenTimings.painted = performance.now(); }, 0);
  });
  document.documentElement.setAttribute("data-mapgen-ready", "true");
}

function mapgenData(id) {
  "use strict";
  return JSON.parse(document.getElementById(id).textContent);
}

/* Countries from mapgen's topology (TopoJSON arcs: delta-encoded, quantized, each border stored
 * once) to a GeoJSON FeatureCollection. A micro-state too small to draw has no type: its marker
 * stands in for it. */
function mapgenDecode(shapes) {
  "use strict";
  var scale = shapes.transform.scale, shift = shapes.transform.translate;
  var arcs = shapes.arcs.map(function (arc) {
    var x = 0, y = 0;
    return arc.map(function (step) {
      x += step[0];
      y += step[1];
      return [x * scale[0] + shift[0], y * scale[1] + shift[1]];
    });
  });
  function ring(indices) {
    var points = [];
    indices.forEach(function (index) {
      var arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
      points.push.apply(points, points.length ? arc.slice(1) : arc);
    });
    return points;
  }
  var features = [];
  shapes.shapes.forEach(function (shape) {
    if (!shape[1]) { return; }
    var coordinates = shape[1] === "Polygon" ? shape[2].map(ring)
      : shape[2].map(function (polygon) { return polygon.map(ring); });
    features.push({ type: "Feature", id: shape[0], properties: {}, geometry: { type: shape[1], coordinates: coordinates } });
  });
  return { type: "FeatureCollection", features: features };
}

/* Auto-height embedding. When the host page's snippet asks ({mapgen: "auto-height"}), the page
 * switches from fitting its frame to its natural height and reports that height
 * ({mapgen: "height"}) whenever it changes, so the frame can show everything with no scrollbar.
 * Without the snippet's script the page keeps fitting whatever height the frame has. */
function mapgenAutoHeight(onLayoutChange) {
  "use strict";
  if (window.parent === window) { return; }
  var active = false;
  function report() {
    window.parent.postMessage({ mapgen: "height", height: Math.ceil(document.body.getBoundingClientRect().height) }, "*");
  }
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.mapgen !== "auto-height") { return; }
    if (!active) {
      active = true;
      document.documentElement.classList.add("mapgen-auto-height");
      onLayoutChange();
      if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
    }
    report();
  });
}
