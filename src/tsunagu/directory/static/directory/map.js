/* The 居場所 map (directory/public_map.html), drawn with the vendored Leaflet.
   Data come from two JSON script elements (not executed, so the CSP allows them):
   #map-places  [{name, title, place, url, lat, lng, open, state, hours, address}, ...]
   #map-config  {tileUrl, attribution, origin: {lat, lng, title} | null, labels: {...},
                 outlines: [{name, rings: [[[lon, lat], ...], ...]}, ...]}
   Imported municipality boundaries (outlines) are drawn under the markers, with their names,
   so the map is readable with no tile server; they are not interactive (nothing to focus).
   Without a tile URL (a closed network) the markers stand on a plain background with a scale;
   the list of the same places is on the page in any case, and without JavaScript the map
   stays hidden and the list is all there is. Leaflet sets inline styles through the DOM
   (element.style), which the CSP's style-src does not restrict. */
(function () {
  "use strict";

  var container = document.getElementById("map");
  var placesData = document.getElementById("map-places");
  var configData = document.getElementById("map-config");
  if (!container || !placesData || !configData || !window.L) { return; }
  var places = JSON.parse(placesData.textContent);
  var config = JSON.parse(configData.textContent);
  if (!places.length) { return; }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function line(parent, tag, text, className) {
    if (!text) { return null; }
    var el = document.createElement(tag);
    el.textContent = text;
    if (className) { el.className = className; }
    parent.appendChild(el);
    return el;
  }

  function popupContent(place) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    var link = document.createElement("a");
    link.href = place.url;
    link.textContent = place.name;
    title.appendChild(link);
    box.appendChild(title);
    line(box, "p", place.state, "place-state place-state--" + place.open);
    line(box, "p", place.hours);
    line(box, "p", place.address);
    return box;
  }

  function pin(kind) {
    return L.divIcon({
      className: "map-pin map-pin--" + kind,
      html: "",
      iconSize: [24, 24],
      iconAnchor: [12, 12],
      popupAnchor: [0, -12]
    });
  }

  container.hidden = false;
  var map = L.map(container, { zoomControl: false, scrollWheelZoom: false });
  L.control.zoom({
    zoomInTitle: config.labels.zoomIn,
    zoomOutTitle: config.labels.zoomOut
  }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, {
      attribution: escapeHtml(config.attribution || ""),
      maxZoom: 18
    }).addTo(map);
  } else {
    container.classList.add("map--plain");
    document.querySelectorAll("[data-map-note]").forEach(function (el) { el.hidden = false; });
  }
  document.querySelectorAll("[data-map-legend]").forEach(function (el) { el.hidden = false; });

  var points = [];
  if ((config.outlines || []).length) {
    map.createPane("outline-labels").style.zIndex = 450;  // over the outlines, under the markers
  }
  (config.outlines || []).forEach(function (outline) {
    var rings = outline.rings.map(function (ring) {
      return ring.map(function (p) { return [p[1], p[0]]; });
    });
    L.polygon(rings, {
      className: "map-outline", interactive: false, weight: 1.5,
      color: "#4a5560", fillColor: "#f4f1e8", fillOpacity: 0.6
    }).bindTooltip(outline.name, {
      permanent: true, direction: "center", className: "map-outline-label", interactive: false,
      pane: "outline-labels"
    }).addTo(map);
  });
  places.forEach(function (place) {
    L.marker([place.lat, place.lng], { icon: pin(place.open), title: place.title, riseOnHover: true })
      .bindPopup(popupContent(place))
      .addTo(map);
    points.push([place.lat, place.lng]);
  });
  if (config.origin) {
    L.marker([config.origin.lat, config.origin.lng], {
      icon: pin("origin"), title: config.origin.title, zIndexOffset: 1000
    }).addTo(map);
    points.push([config.origin.lat, config.origin.lng]);
  }

  if (points.length === 1) {
    map.setView(points[0], 15);
  } else {
    map.fitBounds(points, { padding: [32, 32], maxZoom: 16 });
  }
  container.setAttribute("data-ready", "true");
})();
