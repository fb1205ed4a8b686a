// The status page: polls /api/status and draws the loss curve on a canvas. Plain JS, no build step.
"use strict";

const POLL_MS = 1000;
const STATUS_URL = "api/status";

// JSON has no NaN or infinity: the server writes them as strings ("NaN", "Infinity").
function num(v) {
  return typeof v === "number" ? v : Number(v);
}

function formatNumber(v, digits = 4) {
  const x = num(v);
  if (!Number.isFinite(x)) return "–";
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return x.toExponential(digits - 1);
  return x.toLocaleString(undefined, { maximumSignificantDigits: digits + 2 });
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

function drawLoss(canvas, points) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, pad = { left: 70, right: 15, top: 10, bottom: 30 };
  ctx.clearRect(0, 0, w, h);
  // Losses span orders of magnitude as a model learns: plot log10 so the tail stays visible.
  const data = points.map(p => [num(p.step), num(p.loss)]).filter(([s, l]) => Number.isFinite(l) && l > 0);
  // What a canvas drew cannot be read back from the page: say it in the DOM, for people and for tests.
  canvas.dataset.points = String(data.length);
  canvas.setAttribute("aria-label", "loss curve, " + data.length + " points");
  document.getElementById("loss-empty").hidden = data.length > 0;
  if (data.length === 0) return;
  const xs = data.map(d => d[0]), ys = data.map(d => Math.log10(d[1]));
  const xMin = Math.min(...xs), xMax = Math.max(...xs);
  let yMin = Math.floor(Math.min(...ys)), yMax = Math.ceil(Math.max(...ys));
  if (yMax === yMin) yMax = yMin + 1;
  const x = s => pad.left + (xMax === xMin ? 0.5 : (s - xMin) / (xMax - xMin)) * (w - pad.left - pad.right);
  const y = v => h - pad.bottom - (v - yMin) / (yMax - yMin) * (h - pad.top - pad.bottom);

  ctx.strokeStyle = "#dde1e7";
  ctx.fillStyle = "#6b7585";
  ctx.font = "12px system-ui, sans-serif";
  ctx.lineWidth = 1;
  for (let e = yMin; e <= yMax; e++) {
    ctx.beginPath();
    ctx.moveTo(pad.left, y(e));
    ctx.lineTo(w - pad.right, y(e));
    ctx.stroke();
    ctx.fillText("1e" + e, 8, y(e) + 4);
  }
  ctx.fillText("step " + xMin, pad.left, h - 8);
  const last = "step " + xMax;
  ctx.fillText(last, w - pad.right - ctx.measureText(last).width, h - 8);

  ctx.strokeStyle = "#2b6cb0";
  ctx.lineWidth = 2;
  ctx.beginPath();
  data.forEach(([s, l], i) => {
    const px = x(s), py = y(Math.log10(l));
    if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  });
  ctx.stroke();
}

function showWeights(weights) {
  const body = document.querySelector("#weights tbody");
  body.replaceChildren();
  for (const [name, values] of Object.entries(weights || {})) {
    const row = document.createElement("tr");
    const nameCell = document.createElement("td");
    nameCell.textContent = name;
    const valueCell = document.createElement("td");
    valueCell.textContent = values.map(v => formatNumber(v, 5)).join(", ");
    row.append(nameCell, valueCell);
    body.append(row);
  }
}

function show(status) {
  document.body.dataset.version = String(status.version);
  document.body.dataset.step = String(status.step);
  setText("model-id", status.model_id);
  setText("version", status.version > 0 ? String(status.version) : "none yet");
  setText("step", String(status.step));
  setText("rows-seen", num(status.rows_seen).toLocaleString());
  setText("rows-per-second", formatNumber(status.rows_per_second, 3));
  setText("last-loss", formatNumber(status.last_loss));
  drawLoss(document.getElementById("loss-chart"), status.loss_history || []);
  showWeights(status.weights);
}

async function poll() {
  const connection = document.getElementById("connection");
  try {
    const response = await fetch(STATUS_URL, { cache: "no-store" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    show(await response.json());
    connection.textContent = "live";
    connection.classList.remove("down");
  } catch (e) {
    connection.textContent = "cannot reach the server (" + e.message + "); retrying…";
    connection.classList.add("down");
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

poll();
