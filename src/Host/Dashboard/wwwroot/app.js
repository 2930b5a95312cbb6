// The dashboard: polls /dashboard/data (which carries the cluster picture on a clustered node) and the key list, turns cumulative counters and latency buckets into rates
// and percentiles over the last interval, and draws them. No dependencies; data is only ever inserted as text.
(() => {
  "use strict";
  const refreshMs = Number(document.body.dataset.refreshMs) || 1000;
  const token = new URLSearchParams(location.search).get("access_token");
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const historyLength = 120;
  const history = [];
  let previous = null;

  const $ = (id) => document.getElementById(id);
  const number = (n) => Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "—";
  const rate = (n) => !Number.isFinite(n) ? "—" : n >= 100 ? number(n) : n.toFixed(1);
  const bytes = (n) => n >= 1 << 30 ? (n / (1 << 30)).toFixed(1) + " GiB" : n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + " MiB" : n >= 1024 ? (n / 1024).toFixed(1) + " KiB" : n + " B";
  const duration = (s) => !Number.isFinite(s) ? "—" : s < 0.001 ? (s * 1e6).toFixed(0) + " µs" : s < 1 ? (s * 1000).toFixed(s < 0.01 ? 2 : 1) + " ms" : s.toFixed(2) + " s";

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function row(cells) {
    const tr = document.createElement("tr");
    for (const cell of cells) tr.appendChild(cell instanceof Node ? cell : element("td", String(cell)));
    return tr;
  }

  function bar(fraction, className) {
    const td = element("td", undefined, "barcell");
    const div = element("div", undefined, "bar " + (className || ""));
    div.style.width = Math.max(0, Math.min(100, fraction * 100)).toFixed(1) + "%";
    td.appendChild(div);
    return td;
  }

  // The q-quantile of a histogram given as per-bucket counts (the last bucket is above every bound), interpolated
  // linearly inside the bucket that holds it.
  function quantile(bounds, counts, q) {
    const total = counts.reduce((a, b) => a + b, 0);
    if (total === 0) return NaN;
    const target = q * total;
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && seen + counts[i] >= target) {
        const lower = i === 0 ? 0 : bounds[i - 1];
        const upper = i < bounds.length ? bounds[i] : bounds[bounds.length - 1] * 2;
        return lower + (upper - lower) * ((target - seen) / counts[i]);
      }
      seen += counts[i];
    }
    return bounds[bounds.length - 1];
  }

  const delta = (now, before) => now.map((c, i) => c - ((before && before[i]) || 0));
  const sum = (list) => list.reduce((a, b) => a + b, 0);

  function render(snapshot) {
    const status = $("status");
    status.textContent = snapshot.status;
    status.dataset.status = snapshot.status;
    $("durability").textContent = snapshot.durability;
    $("updated").textContent = new Date(snapshot.time).toLocaleTimeString();
    $("keys-total").textContent = number(snapshot.keys);
    $("bytes-total").textContent = bytes(snapshot.bytes);

    const seconds = previous ? Math.max(0.001, (snapshot.time - previous.time) / 1000) : NaN;
    const totalOps = sum(snapshot.operations.map((o) => o.count));
    const opsRate = previous ? (totalOps - sum(previous.operations.map((o) => o.count))) / seconds : NaN;
    $("ops-rate").textContent = rate(opsRate);
    $("ops-total").textContent = number(totalOps) + " in total";
    $("messages-rate").textContent = previous ? rate((snapshot.messagesProcessed - previous.messagesProcessed) / seconds) : "—";
    $("mailbox-depth").textContent = "queued now: " + number(snapshot.mailboxDepth);

    const deadLetters = sum(snapshot.deadLetters.map((d) => d.count));
    $("dead-letters").textContent = number(deadLetters);
    $("dead-letters-detail").textContent = snapshot.deadLetters.map((d) => d.name + ": " + number(d.count)).join(", ") || "none";
    const rejections = sum(snapshot.rejections.map((r) => r.count));
    $("rejections").textContent = number(rejections);
    $("rejections-detail").textContent = snapshot.rejections.map((r) => r.name + ": " + number(r.count)).join(", ") || "none";

    // Latency over the interval: all operations together, and per operation.
    let all = null;
    const latencyRows = [];
    for (const op of snapshot.latency) {
      const before = previous && previous.latency.find((p) => p.op === op.op);
      const counts = previous ? delta(op.counts, before && before.counts) : op.counts;
      all = all ? all.map((c, i) => c + counts[i]) : counts.slice();
      const outcomes = snapshot.operations.filter((o) => o.name.startsWith(op.op + "/"))
        .map((o) => o.name.slice(op.op.length + 1) + " " + number(o.count)).join(", ");
      latencyRows.push(row([op.op, previous ? rate(sum(counts) / seconds) : "—",
        duration(quantile(op.bounds, counts, 0.5)), duration(quantile(op.bounds, counts, 0.9)), duration(quantile(op.bounds, counts, 0.99)), outcomes]));
    }
    $("latency").tBodies[0].replaceChildren(...latencyRows);
    const bounds = snapshot.latency.length ? snapshot.latency[0].bounds : [];
    const p = (q) => all ? quantile(bounds, all, q) : NaN;
    $("p99").textContent = duration(p(0.99));
    $("p50").textContent = "p50 " + duration(p(0.5)) + " · p90 " + duration(p(0.9));

    if (previous) {
      history.push({ ops: opsRate, p50: p(0.5), p90: p(0.9), p99: p(0.99) });
      if (history.length > historyLength) history.shift();
      chart($("ops-chart"), [["s-ops", history.map((h) => h.ops)]], rate);
      chart($("latency-chart"), [["s50", history.map((h) => h.p50)], ["s90", history.map((h) => h.p90)], ["s99", history.map((h) => h.p99)]], duration);
    }

    const maxKeys = Math.max(1, ...snapshot.shards.map((s) => s.keys));
    const maxDepth = Math.max(1, ...snapshot.shards.map((s) => s.mailboxDepth));
    $("shards").tBodies[0].replaceChildren(...snapshot.shards.map((s) => {
      const tr = row([s.shard, number(s.keys), bar(s.keys / maxKeys), bytes(s.bytes), number(s.mailboxDepth), bar(s.mailboxDepth / maxDepth, "depth"), number(s.messagesProcessed)]);
      tr.dataset.shard = s.shard;
      return tr;
    }));

    renderReport(snapshot);
    previous = snapshot;
  }

  // A line chart of the last points, scaled to the largest; the top gridline is labelled with that value.
  function chart(svg, series, format) {
    const width = 600, height = 160, pad = 14;
    const values = series.flatMap(([, points]) => points).filter(Number.isFinite);
    const max = Math.max(1e-9, ...values);
    const ns = "http://www.w3.org/2000/svg";
    const nodes = [];
    for (const y of [pad, height / 2, height - 2]) {
      const line = document.createElementNS(ns, "line");
      line.setAttribute("class", "grid");
      line.setAttribute("x1", 0); line.setAttribute("x2", width); line.setAttribute("y1", y); line.setAttribute("y2", y);
      nodes.push(line);
    }
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", 4); label.setAttribute("y", pad - 3);
    label.textContent = format(max);
    nodes.push(label);
    for (const [className, points] of series) {
      const step = width / Math.max(1, historyLength - 1);
      const offset = width - (points.length - 1) * step;
      const coordinates = points.map((v, i) => Number.isFinite(v)
        ? (offset + i * step).toFixed(1) + "," + (height - 2 - (v / max) * (height - pad - 2)).toFixed(1) : null).filter((c) => c);
      const line = document.createElementNS(ns, "polyline");
      line.setAttribute("class", className);
      line.setAttribute("points", coordinates.join(" "));
      nodes.push(line);
    }
    svg.replaceChildren(...nodes);
  }

  let shownReport = null;
  function renderReport(snapshot) {
    const frame = $("report");
    if (!snapshot.report) {
      $("report-status").textContent = "No lab report yet: the bench command writes one to " + snapshot.reportsDirectory + ".";
      frame.hidden = true;
      shownReport = null;
      return;
    }
    const key = snapshot.report.name + "@" + snapshot.report.modified;
    $("report-status").textContent = snapshot.report.name + ", written " + new Date(snapshot.report.modified).toLocaleString();
    if (key !== shownReport) {
      frame.src = "/reports/latest?v=" + encodeURIComponent(key) + (token ? "&access_token=" + encodeURIComponent(token) : "");
      frame.hidden = false;
      shownReport = key;
    }
  }

  // The cluster card: shown only on a clustered node (the snapshot's cluster is what /v1/cluster answers, or null). Each
  // member keeps its colour for as long as the page is open, so a shard that moves visibly changes colour.
  const palette = ["#2f6fde", "#1f9d55", "#d97706", "#8b5cf6", "#db2777", "#0891b2", "#65a30d", "#b45309", "#4f46e5", "#be123c"];
  const memberColours = new Map();
  const colourOf = (name) => {
    if (!memberColours.has(name)) memberColours.set(name, palette[memberColours.size % palette.length]);
    return memberColours.get(name);
  };

  function renderCluster(cluster) {
    const card = $("cluster");
    card.hidden = !cluster;
    if (!cluster) return;
    $("cluster-summary").textContent = "answered by " + (cluster.answeredBy || "—") + " · coordinator " + (cluster.coordinator || "none") +
      " (term " + cluster.coordinatorTerm + ") · view " + cluster.version;
    const members = [...cluster.members].sort((a, b) => a.name.localeCompare(b.name));
    const most = Math.max(1, ...members.map((m) => m.shards));
    $("members").tBodies[0].replaceChildren(...members.map((m) => {
      const swatch = element("td");
      const dot = element("span", undefined, "swatch");
      dot.style.background = colourOf(m.name);
      swatch.appendChild(dot);
      const age = (Date.now() - new Date(m.lastHeartbeat).getTime()) / 1000;
      const tr = row([swatch, m.name, m.status, new Date(m.lastHeartbeat).toLocaleTimeString() + (Number.isFinite(age) ? " (" + Math.max(0, age).toFixed(1) + " s ago)" : ""),
        number(m.shards), bar(m.shards / most), m.url]);
      tr.dataset.member = m.name;
      tr.dataset.status = m.status;
      if (m.name === cluster.answeredBy) tr.classList.add("self");
      return tr;
    }));
    $("shard-map").replaceChildren(...cluster.shards.map((s) => {
      const cell = element("div", String(s.id), "cell");
      cell.dataset.shard = s.id;
      cell.dataset.owner = s.owner || "";
      cell.dataset.state = s.state;
      if (s.owner) cell.style.backgroundColor = colourOf(s.owner);
      cell.title = "shard " + s.id + ": " + (s.owner || "unassigned") + ", epoch " + s.epoch + ", " + s.state + (s.nextOwner ? " → " + s.nextOwner : "");
      return cell;
    }));
  }

  async function renderKeys() {
    const prefix = $("prefix").value;
    const response = await fetch("/v1/kv?limit=25&values=true&prefix=" + encodeURIComponent(prefix), { headers, cache: "no-store" });
    if (!response.ok) return;
    const page = await response.json();
    $("keys").tBodies[0].replaceChildren(...page.entries.map((e) => {
      const value = e.value !== undefined ? e.value : "(" + atob(e.valueBase64).length + " bytes, binary)";
      return row([e.key, e.version, element("td", value.length > 200 ? value.slice(0, 200) + "…" : value, "value"),
        e.expiresAt ? new Date(e.expiresAt).toLocaleTimeString() : ""]);
    }));
    $("keys-more").textContent = page.cursor ? "more keys: narrow the prefix" : "";
  }

  async function poll() {
    try {
      const response = await fetch("/dashboard/data", { headers, cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const snapshot = await response.json();
      render(snapshot);
      renderCluster(snapshot.cluster);
      if (snapshot.status === "ready") await renderKeys();
    } catch (error) {
      const status = $("status");
      status.textContent = "offline (" + error.message + ")";
      status.dataset.status = "offline";
    } finally {
      setTimeout(poll, refreshMs);
    }
  }

  $("prefix").addEventListener("input", () => { renderKeys().catch(() => {}); });
  poll();
})();
