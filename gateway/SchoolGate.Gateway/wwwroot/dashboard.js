// SchoolGate dashboard: polls the admin API once a second. No framework, no CDN: it must work
// on a school's offline LAN. Values are written with textContent only (never as HTML).
"use strict";

const COUNTERS = [
  ["devicesOnline", "devices online"], ["accessRequests", "access requests"], ["accessAllowed", "allowed"],
  ["accessDenied", "denied"], ["eventsStored", "events stored"], ["duplicateEvents", "duplicates"],
  ["gapsDetected", "gaps"], ["gapsAbandoned", "gaps given up"], ["notificationsQueued", "parent messages"], ["connectionsAccepted", "connections"],
  ["connectionsRejected", "rejected logins"], ["publishesRejected", "ACL refusals"], ["malformedPayloads", "malformed"],
  ["accessListsPublished", "offline lists sent"], ["apiRequestsRejected", "API refusals"], ["staffSignInsFailed", "failed sign-ins"],
];

// Times are shown in the schools' zone (from /api/settings), like the parent messages.
let timeZone;
const time = iso => iso
  ? new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone })
  : "";

// The dashboard signs in with a cookie session (POST /api/auth/session: HttpOnly, SameSite=Strict),
// so no token is ever kept in script-readable storage. A 401 shows the sign-in form; a 403 hides
// the section the account's role may not see (e.g. gateway counters for a school's staff).
let signedIn = false;

function showSignIn(message) {
  signedIn = false;
  document.body.classList.add("signed-out");
  document.getElementById("account").hidden = true;
  document.getElementById("sign-in").hidden = false;
  document.getElementById("sign-in-error").textContent = message ?? "";
}

async function showAccount() {
  const response = await fetch("/api/auth/me", { cache: "no-store" });
  if (!response.ok) return showSignIn();
  const account = await response.json();
  signedIn = true;
  document.body.classList.remove("signed-out");
  document.getElementById("sign-in").hidden = true;
  document.getElementById("account").hidden = false;
  document.getElementById("account-name").textContent =
    `${account.login} · ${account.role}${account.schoolId ? ` · school ${account.schoolId}` : ""}`;
}

document.getElementById("sign-in").addEventListener("submit", async event => {
  event.preventDefault();
  const login = document.getElementById("login");
  const password = document.getElementById("password");
  const response = await fetch("/api/auth/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login: login.value, password: password.value }),
  });
  password.value = "";
  if (response.ok) {
    await showAccount();
    return;
  }
  const problem = await response.json().catch(() => ({}));
  showSignIn(problem.detail ?? `sign-in failed (${response.status})`);
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await fetch("/api/auth/logout", { method: "POST" });
  showSignIn();
});

class Forbidden extends Error {}

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (response.status === 401) showSignIn();
  if (response.status === 403) throw new Forbidden(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// A section the role may not see is hidden, not shown empty.
function showSection(id, result) {
  const section = document.getElementById(id).closest("section");
  section.hidden = result.status === "rejected" && result.reason instanceof Forbidden;
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

// A student's name opens their day in "A child's day".
function studentCell(a) {
  const td = document.createElement("td");
  const link = document.createElement("button");
  link.type = "button";
  link.className = "link";
  link.textContent = `${a.firstName} ${a.lastName}`;
  link.addEventListener("click", () => chooseStudent(a.studentId));
  td.append(link);
  return td;
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

// The open bus alerts of every school the account sees (a school's staff: their own), in one request.
async function openBusAlerts() {
  const [alerts, schools] = await Promise.all([getJson("/api/journeys/alerts?status=open"), getJson("/api/schools")]);
  const names = new Map(schools.map(school => [school.id, school.name]));
  return alerts.map(a => ({ ...a, school: names.get(a.schoolId) ?? a.schoolId }));
}

// A child's day: the student chosen in the list (or clicked in the attendance table), on the chosen date (default today).
let knownStudents = "";

function fillStudents(students) {
  const key = JSON.stringify(students.map(s => s.id));
  if (key === knownStudents) return;
  knownStudents = key;
  const select = document.getElementById("timeline-student");
  const chosen = select.value;
  const options = students.map(s => {
    const option = document.createElement("option");
    option.value = s.id;
    option.textContent = `${s.firstName} ${s.lastName}`;
    return option;
  });
  const none = document.createElement("option");
  none.value = "";
  none.textContent = "choose…";
  select.replaceChildren(none, ...options);
  select.value = chosen;
}

async function childsDay() {
  const student = document.getElementById("timeline-student").value;
  if (!student) return null;
  const date = document.getElementById("timeline-date").value;
  return getJson(`/api/students/${student}/timeline${date ? `?date=${date}` : ""}`);
}

function showTimeline(timeline) {
  if (timeline === null) {
    fill("timeline", [], 5, "Choose a student to see their day.");
    return;
  }
  fill("timeline", timeline.entries.map(e => [
    cell(e.localTime), cell(e.text, e.kind), cell(e.deviceId), cell(e.route), cell(e.vehicle),
  ]), 5, `Nothing on ${timeline.date} yet.`);
}

async function refreshTimeline() {
  const [timeline] = await Promise.allSettled([childsDay()]);
  if (timeline.status === "fulfilled") showTimeline(timeline.value);
}

document.getElementById("timeline-student").addEventListener("change", refreshTimeline);
document.getElementById("timeline-date").addEventListener("change", refreshTimeline);
document.getElementById("timeline-form").addEventListener("submit", event => event.preventDefault());

function chooseStudent(id) {
  document.getElementById("timeline-student").value = id;
  refreshTimeline();
}

async function refresh() {
  const [health, metrics, devices, decisions, events, attendance, notifications, busAlerts, students, timeline] = await Promise.allSettled([
    getJson("/health"), getJson("/api/metrics"), getJson("/api/devices"), getJson("/api/access/recent?limit=15"),
    getJson("/api/events?limit=15"), getJson("/api/attendance"), getJson("/api/notifications?limit=15"), openBusAlerts(),
    getJson("/api/students"), childsDay(),
  ]);

  showHealth(health);
  showSection("counters", metrics);
  showSection("devices", devices);
  showSection("decisions", decisions);
  showSection("events", events);
  showSection("attendance", attendance);
  showSection("notifications", notifications);
  showSection("bus-alerts", busAlerts);
  showSection("timeline", timeline);

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
      studentCell(a), cell(a.schoolId), cell(time(a.arrivedAt)), cell(time(a.leftAt)),
    ]), 4, "Nobody has arrived yet today.");
  }

  if (busAlerts.status === "fulfilled") {
    document.getElementById("bus-alert-count").textContent = `${busAlerts.value.length} open`;
    fill("bus-alerts", busAlerts.value.map(a => [
      cell(`${a.firstName} ${a.lastName}`, "deny"), cell(a.school),
      cell([a.route && `bus ${a.route}`, a.vehicle && `vehicle ${a.vehicle}`].filter(Boolean).join(", ")),
      cell(time(a.boardedAt)), cell(time(a.dueAt)),
    ]), 5, "No child is missing from a bus.");
  }

  if (students.status === "fulfilled") fillStudents(students.value);
  if (timeline.status === "fulfilled") showTimeline(timeline.value);

  if (notifications.status === "fulfilled") {
    fill("notifications", notifications.value.map(n => [
      cell(time(n.createdAt)), cell(n.guardianId), cell(n.channel), cell(n.text, "msg"), cell(n.status, n.status),
    ]), 5, "No parent messages yet.");
  }
}

async function loop() {
  if (!timeZone && signedIn) {
    try {
      const settings = await getJson("/api/settings");
      timeZone = settings.timeZone;
      document.getElementById("zone").textContent = settings.timeZone;
    } catch { /* keep the browser's zone until the gateway answers */ }
  }

  try {
    // While signed out, only /health is polled: no stream of refused requests.
    if (signedIn) await refresh();
    else await refreshHealth();
  } finally {
    setTimeout(loop, 1000);
  }
}

showAccount().finally(loop);
