// kg graph viewer, part 1 of 2: the data, what is visible, the force layout, drawing, the pointer.
// No dependencies; works from file://.  Runs inside the function viewer.html wraps around both parts.
// Deterministic: no Math.random; positions follow from the data and the clicks.

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var KINDS = DATA.kinds, EDGE_KINDS = DATA.edgeKinds, SENTENCES = DATA.sentences, DOCS = DATA.docs;
  var EXPAND_MAX = 60, RESULTS_MAX = 12, EVIDENCE_PAGE = 40, LINKS_PAGE = 60, LABELS_MAX = 300;

  var nodes = DATA.nodes.map(function (n, i) {
    return { i: i, id: n.id, k: n.k, l: n.l, o: n.o, p: n.p || [], names: n.n || [], e: n.e || [], m: n.m || [], img: n.img || "",
      adj: [], x: 0, y: 0, vx: 0, vy: 0, visible: false, pinned: false, r: 8 };
  });
  var edges = DATA.edges.map(function (e, i) { return { i: i, s: e[0], t: e[1], k: e[2], label: e[3], ev: e[4] }; });
  edges.forEach(function (e) { nodes[e.s].adj.push(e.i); nodes[e.t].adj.push(e.i); });
  nodes.forEach(function (n) {
    n.r = Math.min(24, 9 + 2.4 * Math.sqrt(n.adj.length));
    n.search = [n.l].concat(n.names).map(normal);
  });
  var shownKinds = KINDS.map(function (k) { return k.shown; });

  var canvas = document.getElementById("canvas"), ctx = canvas.getContext("2d");
  var tip = document.getElementById("tip"), panel = document.getElementById("panel");
  var searchInput = document.getElementById("search"), resultsList = document.getElementById("results");
  var view = { scale: 1, x: 0, y: 0 }, dpr = 1, width = 0, height = 0;
  var visible = [], visibleEdges = [], selected = null, hovered = null, alpha = 0, frame = 0, lastDraw = 0, version = 0;
  var dragging = null, panning = null, moved = false, down = null;

  function normal(text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function other(edge, n) { return nodes[edge.s === n.i ? edge.t : edge.s]; }
  function isShown(n) { return n.visible && shownKinds[n.k]; }
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    for (var a = 2; a < arguments.length; a++) if (arguments[a] != null) node.append(arguments[a]);
    return node;
  }
  function swatch(kind) {
    var k = KINDS[kind];
    return el("span", { className: "swatch " + k.shape, style: "background:" + k.face + ";border-color:" + k.line });
  }

  // --- what is visible ------------------------------------------------------------------

  function refresh() {
    version++;
    visible = nodes.filter(isShown);
    visibleEdges = edges.filter(function (e) { return isShown(nodes[e.s]) && isShown(nodes[e.t]); });
    var status = document.getElementById("status");
    status.textContent = "Showing " + visible.length.toLocaleString("en") + " of " + nodes.length.toLocaleString("en") +
      " things and " + visibleEdges.length.toLocaleString("en") + " links.";
  }

  function place(n, around, index, count) {
    if (around) {
      var angle = 2.399963 * (index + around.i % 7), radius = 70 + 14 * Math.sqrt(index + 1);
      n.x = around.x + radius * Math.cos(angle); n.y = around.y + radius * Math.sin(angle);
    } else {
      var a = 2.399963 * index, d = 34 * Math.sqrt(index + 0.5);
      n.x = d * Math.cos(a); n.y = d * Math.sin(a);
    }
    n.vx = n.vy = 0;
  }

  function reveal(list, around) {
    var fresh = list.filter(function (n) { return !n.visible; });
    fresh.forEach(function (n, index) { n.visible = true; place(n, around, index, fresh.length); });
    refresh();
    return fresh.length;
  }

  function hiddenNeighbours(n) {
    var seen = {}, out = [];
    n.adj.forEach(function (ei) {
      var m = other(edges[ei], n);
      if (!seen[m.i] && !isShown(m) && shownKinds[m.k]) { seen[m.i] = true; out.push(m); }
    });
    return out.sort(function (a, b) { return a.i - b.i; });
  }

  function expand(n) {
    var added = reveal(hiddenNeighbours(n).slice(0, EXPAND_MAX), n);
    heat(added ? 0.6 : 0.2);
    if (selected === n) showPanel(n);
    return added;
  }

  function overview() {
    nodes.forEach(function (n) { n.visible = false; n.pinned = false; });
    DATA.overview.forEach(function (i, index) { nodes[i].visible = true; place(nodes[i], null, index, DATA.overview.length); });
    refresh();
    settle(visible.length > 1500 ? 60 : 300);
    fit();
  }

  function showAll() {
    var list = nodes.filter(function (n) { return shownKinds[n.k] && !n.visible; });
    list.forEach(function (n, index) { n.visible = true; place(n, n.o != null && nodes[n.o].visible ? nodes[n.o] : null, visible.length + index, 0); });
    refresh();
    settle(visible.length > 1500 ? 40 : 150);
    fit();
    heat(0.3);  // keeps relaxing, a few milliseconds a frame
  }

  // --- layout: springs along links, repulsion between nearby nodes, a pull to the centre --

  function tick() {
    var cell = 180, grid = new Map(), i, j, n, m;
    for (i = 0; i < visible.length; i++) {
      n = visible[i];
      var key = Math.floor(n.x / cell) + "," + Math.floor(n.y / cell);
      var bucket = grid.get(key);
      if (bucket) bucket.push(n); else grid.set(key, [n]);
    }
    for (i = 0; i < visible.length; i++) {
      n = visible[i];
      var cx = Math.floor(n.x / cell), cy = Math.floor(n.y / cell);
      for (var gx = cx - 1; gx <= cx + 1; gx++) for (var gy = cy - 1; gy <= cy + 1; gy++) {
        var near = grid.get(gx + "," + gy);
        if (!near) continue;
        for (j = 0; j < near.length; j++) {
          m = near[j];
          if (m.i <= n.i) continue;
          var dx = n.x - m.x, dy = n.y - m.y, d2 = dx * dx + dy * dy;
          if (d2 > cell * cell) continue;
          if (d2 < 0.01) { dx = ((n.i * 7) % 5) - 2 + 0.5; dy = ((m.i * 3) % 5) - 2 + 0.5; d2 = dx * dx + dy * dy; }
          var f = alpha * 2400 / d2;
          n.vx += dx * f; n.vy += dy * f; m.vx -= dx * f; m.vy -= dy * f;
        }
      }
    }
    for (i = 0; i < visibleEdges.length; i++) {
      var e = visibleEdges[i], a = nodes[e.s], b = nodes[e.t];
      var ex = b.x - a.x, ey = b.y - a.y, d = Math.sqrt(ex * ex + ey * ey) || 1;
      var want = 70 + a.r + b.r, pull = alpha * 0.06 * (d - want) / d;
      var wa = 1 / (1 + a.adj.length * 0.05), wb = 1 / (1 + b.adj.length * 0.05);
      a.vx += ex * pull * wa; a.vy += ey * pull * wa; b.vx -= ex * pull * wb; b.vy -= ey * pull * wb;
    }
    for (i = 0; i < visible.length; i++) {
      n = visible[i];
      n.vx -= n.x * alpha * 0.004; n.vy -= n.y * alpha * 0.004;
      if (n.pinned || n === dragging) { n.vx = n.vy = 0; continue; }
      n.vx *= 0.55; n.vy *= 0.55;
      var speed = Math.sqrt(n.vx * n.vx + n.vy * n.vy);
      if (speed > 40) { n.vx *= 40 / speed; n.vy *= 40 / speed; }
      n.x += n.vx; n.y += n.vy;
    }
    alpha *= 0.985;
  }

  function settle(rounds) { alpha = 1; for (var r = 0; r < rounds && alpha > 0.005; r++) tick(); alpha = 0; }

  function heat(level) {
    alpha = Math.max(alpha, level);
    if (!frame) frame = requestAnimationFrame(animate);
  }

  function animate() {
    frame = 0;
    var started = performance.now();
    while (alpha > 0.01 && performance.now() - started < 12) tick();
    draw();
    if (alpha > 0.01) frame = requestAnimationFrame(animate);
  }

  function redraw() { if (!frame) frame = requestAnimationFrame(animate); }

  // --- drawing ----------------------------------------------------------------------------

  function resize() {
    dpr = window.devicePixelRatio || 1;
    width = canvas.clientWidth; height = canvas.clientHeight;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    redraw();
  }

  function fit() {
    if (!visible.length) { view = { scale: 1, x: width / 2, y: height / 2 }; redraw(); return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    visible.forEach(function (n) { x0 = Math.min(x0, n.x - n.r); y0 = Math.min(y0, n.y - n.r); x1 = Math.max(x1, n.x + n.r); y1 = Math.max(y1, n.y + n.r); });
    var scale = Math.min((width - 80) / Math.max(x1 - x0, 1), (height - 80) / Math.max(y1 - y0, 1), 2.2);
    view = { scale: scale, x: width / 2 - scale * (x0 + x1) / 2, y: height / 2 - scale * (y0 + y1) / 2 };
    redraw();
  }

  function centreOn(n) {
    view.scale = Math.max(view.scale, 0.9);
    view.x = width / 2 - view.scale * n.x; view.y = height / 2 - view.scale * n.y;
    redraw();
  }

  function screen(n) { return { x: n.x * view.scale + view.x, y: n.y * view.scale + view.y }; }

  function shapePath(shape, x, y, r) {
    var w = r * 1.45, h = r * 0.95, c;
    ctx.beginPath();
    switch (shape) {
      case "ellipse": ctx.ellipse(x, y, w, h, 0, 0, 2 * Math.PI); break;
      case "diamond": ctx.moveTo(x - w, y); ctx.lineTo(x, y - h * 1.2); ctx.lineTo(x + w, y); ctx.lineTo(x, y + h * 1.2); ctx.closePath(); break;
      case "flag": ctx.moveTo(x - w, y - h); ctx.lineTo(x + w * 0.55, y - h); ctx.lineTo(x + w, y); ctx.lineTo(x + w * 0.55, y + h); ctx.lineTo(x - w, y + h); ctx.closePath(); break;
      case "hexagon": ctx.moveTo(x - w, y); ctx.lineTo(x - w * 0.55, y - h); ctx.lineTo(x + w * 0.55, y - h); ctx.lineTo(x + w, y); ctx.lineTo(x + w * 0.55, y + h); ctx.lineTo(x - w * 0.55, y + h); ctx.closePath(); break;
      case "chamfer": c = h * 0.45; ctx.moveTo(x - w + c, y - h); ctx.lineTo(x + w - c, y - h); ctx.lineTo(x + w, y - h + c); ctx.lineTo(x + w, y + h - c); ctx.lineTo(x + w - c, y + h); ctx.lineTo(x - w + c, y + h); ctx.lineTo(x - w, y + h - c); ctx.lineTo(x - w, y - h + c); ctx.closePath(); break;
      case "page": c = h * 0.6; ctx.moveTo(x - w, y - h); ctx.lineTo(x + w - c, y - h); ctx.lineTo(x + w, y - h + c); ctx.lineTo(x + w, y + h); ctx.lineTo(x - w, y + h); ctx.closePath(); break;
      case "round": case "speech": case "stack":
        c = h * 0.5; ctx.moveTo(x - w + c, y - h); ctx.arcTo(x + w, y - h, x + w, y + h, c); ctx.arcTo(x + w, y + h, x - w, y + h, c);
        ctx.arcTo(x - w, y + h, x - w, y - h, c); ctx.arcTo(x - w, y - h, x + w, y - h, c); ctx.closePath(); break;
      default: ctx.rect(x - w, y - h, 2 * w, 2 * h);
    }
  }

  function draw() {
    var started = performance.now();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var focus = selected && isShown(selected) ? selected : null, near = {};
    if (focus) { near[focus.i] = true; focus.adj.forEach(function (ei) { near[other(edges[ei], focus).i] = true; }); }
    var s = view.scale;
    ctx.lineWidth = 1.2;
    visibleEdges.forEach(function (e) {
      var a = nodes[e.s], b = nodes[e.t], style = EDGE_KINDS[e.k];
      var touching = focus && (e.s === focus.i || e.t === focus.i);
      var p = screen(a), q = screen(b);
      if ((p.x < -50 && q.x < -50) || (p.x > width + 50 && q.x > width + 50) || (p.y < -50 && q.y < -50) || (p.y > height + 50 && q.y > height + 50)) return;
      ctx.globalAlpha = focus && !touching ? 0.12 : 0.75;
      ctx.strokeStyle = style.colour;
      ctx.lineWidth = touching ? 2.2 : 1.2;
      ctx.setLineDash(style.dash === "dashed" ? [6, 4] : style.dash === "dotted" ? [2, 3] : []);
      ctx.beginPath(); ctx.moveTo(p.x, p.y); ctx.lineTo(q.x, q.y); ctx.stroke();
      var dx = q.x - p.x, dy = q.y - p.y, d = Math.sqrt(dx * dx + dy * dy);
      if (d > b.r * s * 2.2 && s > 0.35) {
        var ux = dx / d, uy = dy / d, tipX = q.x - ux * b.r * s * 1.3, tipY = q.y - uy * b.r * s * 1.3, size = Math.max(4, 7 * Math.min(s, 1.2));
        ctx.setLineDash([]); ctx.fillStyle = style.colour; ctx.beginPath(); ctx.moveTo(tipX, tipY);
        ctx.lineTo(tipX - ux * size - uy * size * 0.5, tipY - uy * size + ux * size * 0.5);
        ctx.lineTo(tipX - ux * size + uy * size * 0.5, tipY - uy * size - ux * size * 0.5); ctx.closePath(); ctx.fill();
      }
    });
    ctx.setLineDash([]);
    visible.forEach(function (n) {
      var p = screen(n), r = n.r * s;
      if (p.x < -r * 2 || p.x > width + r * 2 || p.y < -r * 2 || p.y > height + r * 2) return;
      var kind = KINDS[n.k];
      ctx.globalAlpha = focus && !near[n.i] ? 0.25 : 1;
      shapePath(kind.shape, p.x, p.y, Math.max(r, 3));
      ctx.fillStyle = kind.face; ctx.fill();
      ctx.lineWidth = n === focus ? 3.5 : n === hovered ? 2.5 : 1.4; ctx.strokeStyle = kind.line; ctx.stroke();
      if (hiddenCount(n) > 0 && r > 5) {
        ctx.fillStyle = kind.line; ctx.beginPath(); ctx.arc(p.x + r * 1.45, p.y - r * 0.95, 3.2, 0, 2 * Math.PI); ctx.fill();
      }
    });
    var boxes = drawLabels(focus, near);
    if (focus) drawEdgeLabels(focus, boxes);
    ctx.globalAlpha = 1;
    lastDraw = performance.now() - started;
  }

  var hiddenCache = { version: -1, counts: null };
  function hiddenCount(n) {
    if (hiddenCache.version !== version) { hiddenCache = { version: version, counts: new Map() }; }
    var counts = hiddenCache.counts;
    if (!counts.has(n.i)) {
      var c = 0;
      for (var a = 0; a < n.adj.length && c < 1; a++) { var m = other(edges[n.adj[a]], n); if (!isShown(m) && shownKinds[m.k]) c++; }
      counts.set(n.i, c);
    }
    return counts.get(n.i);
  }

  function drawLabels(focus, near) {
    var boxes = [], drawn = 0, s = view.scale;
    ctx.font = "12px 'DejaVu Sans', system-ui, sans-serif";
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    var first = [focus, hovered].filter(Boolean);
    if (focus) visible.forEach(function (n) { if (near[n.i] && n !== focus) first.push(n); });
    var order = first.length ? first.concat(visible) : visible, done = {};
    for (var v = 0; v < order.length && drawn < LABELS_MAX; v++) {
      var n = order[v], important = n === focus || n === hovered;
      if (done[n.i]) continue;
      done[n.i] = true;
      if (!important && !(focus && near[n.i]) && n.r * s < 6 && n.i > 40) continue;
      if (focus && !near[n.i] && n.r * s < 9) continue;
      var p = screen(n);
      if (p.x < -100 || p.x > width + 100 || p.y < -40 || p.y > height + 40) continue;
      var text = n.l.length > 42 ? n.l.slice(0, 40) + "…" : n.l;
      var w = ctx.measureText(text).width, y = p.y + n.r * s + 3;
      var box = [p.x - w / 2 - 2, y - 1, p.x + w / 2 + 2, y + 15];
      if (!important && overlaps(box, boxes)) continue;
      boxes.push(box); drawn++;
      ctx.globalAlpha = focus && !near[n.i] ? 0.35 : 1;
      ctx.lineWidth = 3.5; ctx.strokeStyle = "rgba(250,250,250,0.92)"; ctx.strokeText(text, p.x, y);
      ctx.fillStyle = n === focus ? "#000" : "#24292f"; ctx.fillText(text, p.x, y);
    }
    return boxes;
  }

  function overlaps(box, boxes) {
    return boxes.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
  }

  function drawEdgeLabels(focus, boxes) {
    ctx.font = "11px 'DejaVu Sans', system-ui, sans-serif"; ctx.textBaseline = "middle"; ctx.globalAlpha = 1;
    focus.adj.forEach(function (ei) {
      var e = edges[ei], a = nodes[e.s], b = nodes[e.t];
      if (!isShown(a) || !isShown(b) || !e.label) return;
      var p = screen(a), q = screen(b), x = (p.x + q.x) / 2, y = (p.y + q.y) / 2;
      var text = e.label.length > 30 ? e.label.slice(0, 28) + "…" : e.label;
      var w = ctx.measureText(text).width, box = [x - w / 2 - 2, y - 7, x + w / 2 + 2, y + 7];
      if (overlaps(box, boxes)) return;
      boxes.push(box);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.95)"; ctx.strokeText(text, x, y);
      ctx.fillStyle = EDGE_KINDS[e.k].colour; ctx.fillText(text, x, y);
    });
  }

  // --- pointer ----------------------------------------------------------------------------

  function nodeAt(x, y) {
    var best = null, bestD = Infinity;
    for (var v = visible.length - 1; v >= 0; v--) {
      var n = visible[v], p = screen(n), r = Math.max(n.r * view.scale, 4);
      var dx = (x - p.x) / (r * 1.5), dy = (y - p.y) / (r * 1.1), d = dx * dx + dy * dy;
      if (d <= 1 && d < bestD) { best = n; bestD = d; }
    }
    return best;
  }

  function local(event) { var box = canvas.getBoundingClientRect(); return { x: event.clientX - box.left, y: event.clientY - box.top }; }

  canvas.addEventListener("pointerdown", function (event) {
    var at = local(event), n = nodeAt(at.x, at.y);
    down = at; moved = false;
    canvas.setPointerCapture(event.pointerId);
    if (n) dragging = n; else panning = { x: view.x, y: view.y };
    canvas.classList.add("dragging");
  });
  canvas.addEventListener("pointermove", function (event) {
    var at = local(event);
    if (down && (Math.abs(at.x - down.x) + Math.abs(at.y - down.y) > 4)) moved = true;
    if (dragging && moved) {
      dragging.x = (at.x - view.x) / view.scale; dragging.y = (at.y - view.y) / view.scale; dragging.pinned = true;
      heat(0.15);
    } else if (panning && moved) {
      view.x = panning.x + at.x - down.x; view.y = panning.y + at.y - down.y; redraw();
    } else if (!down) {
      var n = nodeAt(at.x, at.y);
      if (n !== hovered) { hovered = n; redraw(); }
      canvas.style.cursor = n ? "pointer" : "";
      if (n) { tip.hidden = false; tip.textContent = n.l + " (" + KINDS[n.k].label + ")"; tip.style.left = (at.x + 14) + "px"; tip.style.top = (at.y + 10) + "px"; }
      else tip.hidden = true;
    }
  });
  canvas.addEventListener("pointerup", function (event) {
    if (!down) return;  // the press began elsewhere (a search result over the canvas, say)
    var at = local(event);
    if (!moved) { var n = nodeAt(at.x, at.y); if (n) select(n, false); else { selected = null; showPanel(null); redraw(); } }
    dragging = null; panning = null; down = null;
    canvas.classList.remove("dragging");
  });
  canvas.addEventListener("pointerleave", function () { hovered = null; tip.hidden = true; redraw(); });
  canvas.addEventListener("dblclick", function (event) {
    var at = local(event), n = nodeAt(at.x, at.y);
    if (n) expand(n);
  });
  canvas.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = local(event), factor = Math.exp(-event.deltaY * 0.0015), scale = Math.min(6, Math.max(0.03, view.scale * factor));
    view.x = at.x - (at.x - view.x) * scale / view.scale; view.y = at.y - (at.y - view.y) * scale / view.scale; view.scale = scale;
    redraw();
  }, { passive: false });

