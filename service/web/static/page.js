// The page: analyse an article through POST /extract, then show its incidents in the text, a table and a map.
"use strict";

const KINDS = ["evidence", "trigger", "actor", "place", "date", "count"];
const state = { map: null, markers: new Map(), outlines: null };

document.getElementById("article-form").addEventListener("submit", (event) => {
  event.preventDefault();
  analyse();
});
document.getElementById("open-seed").addEventListener("click", openSeed);

function setStatus(text, isError = false) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

async function openSeed() {
  const response = await fetch("/examples/seed");
  const seed = await response.json();
  document.getElementById("text").value = seed.text;
  document.getElementById("source").value = seed.source || "";
  document.getElementById("published_at").value = seed.published_at || "";
  document.getElementById("title").value = seed.title || "";
  analyse(seed.id);
}

function requestBody(docId) {
  const body = { text: document.getElementById("text").value };
  for (const name of ["source", "published_at", "title"]) {
    const value = document.getElementById(name).value.trim();
    if (value) body[name] = value;
  }
  if (docId) body.id = docId;
  return body;
}

async function post(body, accept) {
  const headers = { "Content-Type": "application/json", Accept: accept };
  const key = document.getElementById("api-key").value.trim();
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch("/extract", { method: "POST", headers, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${answer.title || response.status}: ${answer.detail || ""}`);
  return answer;
}

async function analyse(docId) {
  const body = requestBody(docId);
  setStatus("Analysing…");
  try {
    const started = performance.now();
    const extraction = await post(body, "application/json");
    const points = await post(body, "application/geo+json");
    render(body.text, extraction, points);
    const count = extraction.incidents.length;
    setStatus(`${count} incident${count === 1 ? "" : "s"} in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    setStatus(error.message, true);
  }
}

function render(text, extraction, points) {
  document.getElementById("results").hidden = false;
  renderText(text, extraction);
  renderTable(extraction);
  renderMap(points);
}

// Every highlighted span of every incident: [start, end, kind, incident id].
function spansOf(extraction) {
  const quantities = extraction.entities.filter((entity) => entity.kind === "quantity");
  const spans = [];
  for (const incident of extraction.incidents) {
    const add = (item, kind) => item && spans.push([item.start, item.end, kind, incident.id]);
    add(incident.evidence, "evidence");
    add(incident.trigger, "trigger");
    incident.actors.forEach((actor) => add(actor, "actor"));
    incident.locations.forEach((place) => add(place, "place"));
    add(incident.date, "date");
    const counts = Object.values(incident.casualties).filter(Boolean);
    for (const count of counts) {
      const inside = quantities.find((q) => q.text === count.text && q.start >= incident.evidence.start && q.end <= incident.evidence.end);
      add(inside, "count");
    }
  }
  return spans;
}

// The text cut at every span boundary; each piece carries the kinds and incidents that cover it.
function renderText(text, extraction) {
  const article = document.getElementById("article");
  article.replaceChildren();
  const spans = spansOf(extraction);
  const cuts = new Set([0, text.length]);
  spans.forEach(([start, end]) => { cuts.add(start); cuts.add(end); });
  const bounds = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    const covering = spans.filter(([start, end]) => start <= from && to <= end);
    const piece = text.slice(from, to);
    if (!covering.length) { article.append(piece); continue; }
    const element = document.createElement("span");
    element.textContent = piece;
    element.className = KINDS.filter((kind) => covering.some((span) => span[2] === kind)).join(" ");
    element.dataset.incidents = [...new Set(covering.map((span) => span[3]))].join(" ");
    element.addEventListener("mouseenter", () => highlight(element.dataset.incidents.split(" ")));
    element.addEventListener("mouseleave", () => highlight([]));
    article.append(element);
  }
}

function cell(row, text, auto = false) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (auto) td.dir = "auto";
  row.append(td);
}

function renderTable(extraction) {
  const body = document.querySelector("#incidents tbody");
  body.replaceChildren();
  for (const incident of extraction.incidents) {
    const row = document.createElement("tr");
    row.dataset.incident = incident.id;
    const place = incident.locations[0];
    const date = incident.date ? [incident.date.earliest, incident.date.latest].filter(Boolean).join(" – ") || incident.date.text : "";
    const killed = incident.casualties.killed;
    const injured = incident.casualties.injured;
    cell(row, incident.id);
    cell(row, incident.type + (incident.background ? " (background)" : ""));
    cell(row, incident.status);
    cell(row, date);
    cell(row, place ? `${place.name_en || place.text}` : "", true);
    cell(row, incident.actors.map((a) => `${a.role}: ${a.name_en || a.text}`).join("; "), true);
    cell(row, killed ? killed.min ?? killed.text : "");
    cell(row, injured ? injured.min ?? injured.text : "");
    cell(row, incident.confidence.toFixed(2));
    row.addEventListener("mouseenter", () => highlight([incident.id]));
    row.addEventListener("mouseleave", () => highlight([]));
    body.append(row);
  }
}

function highlight(ids) {
  const wanted = new Set(ids);
  document.querySelectorAll("#article span[data-incidents]").forEach((element) => {
    element.classList.toggle("active", element.dataset.incidents.split(" ").some((id) => wanted.has(id)));
  });
  document.querySelectorAll("#incidents tbody tr").forEach((row) => {
    row.classList.toggle("active", wanted.has(row.dataset.incident));
  });
  state.markers.forEach((marker, id) => marker.setStyle({ radius: wanted.has(id) ? 11 : 7, weight: wanted.has(id) ? 3 : 1 }));
}

async function ensureMap() {
  if (state.map) return state.map;
  const map = L.map("map", { worldCopyJump: true, attributionControl: true }).setView([35, 38.5], 5);
  map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
  const topology = await (await fetch("/static/vendor/world-atlas@2.0.2/countries-50m.json")).json();
  state.outlines = L.geoJSON(topojson.feature(topology, topology.objects.countries), {
    style: { className: "country-outline" },
    interactive: false,
  }).addTo(map);
  state.map = map;
  return map;
}

async function renderMap(points) {
  const map = await ensureMap();
  state.markers.forEach((marker) => marker.remove());
  state.markers.clear();
  for (const feature of points.features) {
    const [lon, lat] = feature.geometry.coordinates;
    const id = feature.properties.id;
    const marker = L.circleMarker([lat, lon], { radius: 7, weight: 1, color: "#b00020", fillColor: "#e53935", fillOpacity: 0.8, className: "incident-marker" });
    marker.bindTooltip(`${id}: ${feature.properties.type}`);
    marker.on("mouseover", () => highlight([id]));
    marker.on("mouseout", () => highlight([]));
    marker.addTo(map);
    state.markers.set(id, marker);
  }
  if (state.markers.size) {
    map.fitBounds(L.featureGroup([...state.markers.values()]).getBounds().pad(0.5), { maxZoom: 8 });
  }
}
