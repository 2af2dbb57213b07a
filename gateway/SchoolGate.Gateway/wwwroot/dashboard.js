// SchoolGate dashboard: polls the admin API once a second. No framework, no CDN: it must work
// on a school's offline LAN. Values are written with textContent only (never as HTML).
"use strict";

const COUNTERS = [
  ["devicesOnline", "devices online"], ["accessRequests", "access requests"], ["accessAllowed", "allowed"],
  ["accessDenied", "denied"], ["eventsStored", "events stored"], ["duplicateEvents", "duplicates"],
  ["gapsDetected", "gaps"], ["gapsAbandoned", "gaps given up"], ["notificationsQueued", "parent messages"], ["connectionsAccepted", "connections"],
  ["connectionsRejected", "rejected logins"], ["publishesRejected", "ACL refusals"], ["malformedPayloads", "malformed"],
  ["accessListsPublished", "offline lists sent"], ["apiRequestsRejected", "API key refusals"],
];

// Times are shown in the schools' zone (from /api/settings), like the parent messages.
let timeZone;
const time = iso => iso
  ? new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone })
  : "";

// Admin:ApiKey, when the gateway has one: asked once, kept for this tab only (sessionStorage),
// sent as a Bearer header; a 401 asks again. The Swagger UI page reads the same entry.
const KEY_ENTRY = "schoolgate.apiKey";
let needKey = false;

function askForKey() {
  needKey = true;
  document.getElementById("key-form").hidden = false;
  document.getElementById("key").focus();
}

document.getElementById("key-form").addEventListener("submit", event => {
  event.preventDefault();
  const input = document.getElementById("key");
  sessionStorage.setItem(KEY_ENTRY, input.value.trim());
  input.value = "";
  event.target.hidden = true;
  needKey = false;
});

async function getJson(url) {
  const key = sessionStorage.getItem(KEY_ENTRY);
  const headers = key ? { Authorization: `Bearer ${key}` } : {};
  const response = await fetch(url, { cache: "no-store", headers });
  if (response.status === 401) askForKey();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (className) td.className = className;
  return td;
}

function fill(tbodyId, rows, columns, emptyText) {
  const tbody = document.getElementById(tbodyId);
  const fresh = document.createDocumentFragment();
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell(emptyText, "empty");
    td.colSpan = columns;
    tr.append(td);
    fresh.append(tr);
  }
  for (const cells of rows) {
    const tr = document.createElement("tr");
    tr.append(...cells);
    fresh.append(tr);
  }
  tbody.replaceChildren(fresh);
}

function renderCounters(metrics) {
  const box = document.getElementById("counters");
  box.replaceChildren(...COUNTERS.map(([key, label]) => {
    const div = document.createElement("div");
    div.className = "counter";
    const value = document.createElement("b");
    value.textContent = metrics[key] ?? 0;
    const caption = document.createElement("span");
    caption.textContent = label;
    div.append(value, caption);
    return div;
  }));
}

function showHealth(health) {
  const pill = document.getElementById("health");
  const healthy = health.status === "fulfilled" && health.value.status === "healthy";
  pill.textContent = healthy ? `healthy · MQTT ${health.value.mqtt}` : "gateway unreachable";
  pill.className = "pill " + (healthy ? "ok" : "bad");
}

async function refreshHealth() {
  const [health] = await Promise.allSettled([getJson("/health")]);
  showHealth(health);
}

async function refresh() {
  const [health, metrics, devices, decisions, events, attendance, notifications] = await Promise.allSettled([
    getJson("/health"), getJson("/api/metrics"), getJson("/api/devices"), getJson("/api/access/recent?limit=15"),
    getJson("/api/events?limit=15"), getJson("/api/attendance"), getJson("/api/notifications?limit=15"),
  ]);

  showHealth(health);

  if (metrics.status === "fulfilled") renderCounters(metrics.value);

  if (devices.status === "fulfilled") {
    const list = devices.value;
    document.getElementById("online-count").textContent = `${list.filter(d => d.online).length} of ${list.length} online`;
    fill("devices", list.map(d => [
      cell(d.name ? `${d.deviceId} (${d.name})` : d.deviceId), cell(d.kind), cell(d.direction), cell(d.schoolId),
      cell(d.online ? "online" : "offline", d.online ? "online" : "offline"), cell(time(d.lastSeenAt)),
    ]), 6, "No devices registered yet.");
  }

  if (decisions.status === "fulfilled") {
    fill("decisions", decisions.value.map(d => [
      cell(time(d.at)), cell(`${d.deviceId} (${d.direction})`), cell(d.cardId), cell(d.studentFirstName),
      cell(d.allow ? "ALLOW" : `DENY ${d.reason}`, d.allow ? "allow" : "deny"), cell(d.decisionMs.toFixed(1)),
    ]), 6, "No taps yet.");
  }

  if (events.status === "fulfilled") {
    // deviceTs is null when the device did not know the time (protocol ts 0): say so instead of a time.
    fill("events", events.value.map(e => [
      cell(time(e.receivedAt)), e.deviceTs ? cell(time(e.deviceTs)) : cell("unknown", "unknown"), cell(e.deviceId), cell(e.seq),
      cell(e.type + (e.offline ? " (offline)" : "")), cell(e.cardId), cell(e.reason),
    ]), 7, "No passages yet.");
  }

  if (attendance.status === "fulfilled") {
    document.getElementById("attendance-count").textContent = `${attendance.value.length} students`;
    fill("attendance", attendance.value.map(a => [
      cell(`${a.firstName} ${a.lastName}`), cell(a.schoolId), cell(time(a.arrivedAt)), cell(time(a.leftAt)),
    ]), 4, "Nobody has arrived yet today.");
  }

  if (notifications.status === "fulfilled") {
    fill("notifications", notifications.value.map(n => [
      cell(time(n.createdAt)), cell(n.guardianId), cell(n.channel), cell(n.text, "msg"), cell(n.status, n.status),
    ]), 5, "No parent messages yet.");
  }
}

async function loop() {
  if (!timeZone && !needKey) {
    try {
      const settings = await getJson("/api/settings");
      timeZone = settings.timeZone;
      document.getElementById("zone").textContent = settings.timeZone;
    } catch { /* keep the browser's zone until the gateway answers */ }
  }

  try {
    // While the key is missing or wrong, only /health is polled: no stream of refused requests.
    if (needKey) await refreshHealth();
    else await refresh();
  } finally {
    setTimeout(loop, 1000);
  }
}

loop();
