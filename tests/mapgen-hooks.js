/* Test hooks: ways for the browser tests to read the map layer's state. Pages never carry them;
 * tests/browser.py adds them to a page it opens (MapgenCountries.include). */
MapgenCountries.include({
  // Every code drawn as a country or a dot, the dots drawn now, the countries outlined, the fill
  // an item has now, and where it is.
  ids: function () {
    return this._areas.concat(this._dots).map(function (item) { return item.id; });
  },
  dotsShown: function () {
    return this._dots.filter(function (dot) { return dot.element.isConnected; }).map(function (dot) { return dot.id; });
  },
  outlined: function () { return Object.keys(this._outlined); },
  fillOf: function (id) {
    var isDot = !this._areas.some(function (area) { return area.id === id; });
    var style = this._styleOf(id, isDot);
    return style ? style.fillColor : null;
  },
  // The map bounds of a country's shape, or of a dot's point.
  boundsOf: function (id) {
    var unit = this._unit, area = this._areas.filter(function (item) { return item.id === id; })[0];
    if (!area) {
      var dot = this._dots.filter(function (item) { return item.id === id; })[0];
      return L.latLngBounds(dot.latlng, dot.latlng);
    }
    return L.latLngBounds([-area.box[3] * unit, area.box[0] * unit], [-area.box[1] * unit, area.box[2] * unit]);
  },
  // A container point inside a country (the middle of the longest run across the rows of a
  // grid over its box), or a dot's centre.
  pointOf: function (id) {
    var map = this._map, dot = this._dots.filter(function (item) { return item.id === id; })[0];
    var area = this._areas.filter(function (item) { return item.id === id; })[0];
    if (!area) { return map.latLngToContainerPoint(dot.latlng); }
    var box = area.box, best = null, rows = 24, columns = 96, view = this._frameOfView(), probe = new DOMPoint();
    for (var row = 1; row < rows; row++) {
      var y = box[1] + (box[3] - box[1]) * row / rows, start = null;
      for (var column = 0; column <= columns; column++) {
        var x = box[0] + (box[2] - box[0]) * column / columns;
        probe.x = x;
        probe.y = y;
        var inside = column < columns && area.element.isPointInFill(probe);
        if (inside && start === null) { start = x; }
        if (!inside && start !== null) {
          if (!best || x - start > best.length) { best = { length: x - start, x: (start + x) / 2, y: y }; }
          start = null;
        }
      }
    }
    return map.layerPointToContainerPoint(L.point(best.x * view.scale - view.origin.x, best.y * view.scale - view.origin.y));
  }
});
