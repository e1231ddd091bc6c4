// kg graph viewer, part 2 of 2: selection, the details panel (properties, links, evidence),
// search, the class filter, and start-up.  Shares part 1's scope.

  // --- selection and the details panel --------------------------------------------------

  function select(n, travel) {
    if (!shownKinds[n.k]) { shownKinds[n.k] = true; syncFilters(); }
    if (!n.visible) {
      var around = n.adj.map(function (ei) { return other(edges[ei], n); }).filter(isShown)[0];
      reveal([n], around || null);
      if (!around) { n.x = -view.x / view.scale + width / (2 * view.scale); n.y = -view.y / view.scale + height / (2 * view.scale); }
      version++;
      reveal(hiddenNeighbours(n).slice(0, 12), n);
      heat(0.5);
    }
    version++;
    selected = n;
    if (travel && !inView(n)) centreOn(n);
    showPanel(n);
    redraw();
  }

  function inView(n) {
    var p = screen(n);
    return p.x > width * 0.1 && p.x < width * 0.9 && p.y > height * 0.1 && p.y < height * 0.9;
  }

  function nodeLink(n) {
    var a = el("a", { className: "node", href: "#", text: n.l, title: KINDS[n.k].label });
    a.addEventListener("click", function (event) { event.preventDefault(); select(n, true); });
    return a;
  }

  function describe(edge) {
    var label = edge.label || EDGE_KINDS[edge.k].id;
    return nodes[edge.s].l + " — " + label + " → " + nodes[edge.t].l;
  }

  function showPanel(n) {
    panel.replaceChildren();
    if (!n) { panel.append(el("p", { className: "empty", text: "Search for a name or click a node." })); return; }
    var kind = KINDS[n.k];
    panel.append(el("h2", { id: "panel-title", text: n.l }), el("div", { className: "chip" }, swatch(n.k), kind.label), el("div", { className: "iri", text: n.id }));
    if (n.img) panel.append(el("div", {}, el("a", { className: "picture", href: n.img, target: "_blank", text: "Picture: " + n.img })));
    var actions = el("div", { className: "actions" });
    var count = hiddenNeighbours(n).length;
    var expandButton = el("button", { type: "button", id: "expand-button", text: count ? "Expand (" + count + " hidden)" : "Expand" });
    expandButton.addEventListener("click", function () { expand(n); });
    var hideButton = el("button", { type: "button", text: "Hide" });
    hideButton.addEventListener("click", function () { n.visible = false; selected = null; version++; refresh(); showPanel(null); redraw(); });
    var centreButton = el("button", { type: "button", text: "Centre" });
    centreButton.addEventListener("click", function () { centreOn(n); });
    actions.append(expandButton, centreButton, hideButton);
    panel.append(actions);
    if (n.p.length) {
      var table = el("table", { id: "properties" });
      n.p.forEach(function (pair) { table.append(el("tr", {}, el("th", { text: pair[0] }), el("td", { text: pair[1] }))); });
      panel.append(el("h3", { text: "Properties" }), table);
    }
    if (n.o != null) panel.append(el("p", {}, "Of ", nodeLink(nodes[n.o])));
    showLinks(n);
    showEvidence(n);
  }

  function showLinks(n) {
    if (!n.adj.length) return;
    var list = el("ul", { id: "links" }), sorted = n.adj.slice().sort(function (a, b) { return other(edges[a], n).i - other(edges[b], n).i; });
    sorted.slice(0, LINKS_PAGE).forEach(function (ei) {
      var e = edges[ei], label = e.label || EDGE_KINDS[e.k].id, m = other(e, n);
      var item = e.s === n.i ? el("li", {}, el("span", { className: "edge", text: label + " → " }), nodeLink(m))
                             : el("li", {}, nodeLink(m), el("span", { className: "edge", text: " — " + label + " →" }));
      list.append(item);
    });
    panel.append(el("h3", { text: "Links (" + n.adj.length + ")" }), list);
    if (n.adj.length > LINKS_PAGE) panel.append(el("p", { className: "more", text: "and " + (n.adj.length - LINKS_PAGE) + " more; expand to see them in the drawing" }));
  }

  function showEvidence(n) {
    var cites = new Map(), marks = new Map();
    n.e.forEach(function (s) { if (!cites.has(s)) cites.set(s, []); });
    n.adj.forEach(function (ei) {
      var e = edges[ei];
      e.ev.forEach(function (s) { if (!cites.has(s)) cites.set(s, []); cites.get(s).push(describe(e)); });
    });
    n.m.forEach(function (mark) { if (!marks.has(mark[0])) marks.set(mark[0], []); marks.get(mark[0]).push([mark[1], mark[2]]); });
    var keys = Array.from(cites.keys()).sort(function (a, b) { return a - b; });
    var heading = el("h3", { text: "Evidence (" + keys.length + (keys.length === 1 ? " sentence)" : " sentences)") });
    var list = el("ul", { id: "evidence" });
    panel.append(heading, list);
    if (!keys.length) { list.append(el("li", { className: "none", text: "No sentence in the graph states this directly." })); return; }
    var shown = 0;
    function more() {
      keys.slice(shown, shown + EVIDENCE_PAGE).forEach(function (s) { list.append(sentenceItem(s, marks.get(s) || [], cites.get(s))); });
      shown = Math.min(keys.length, shown + EVIDENCE_PAGE);
      if (shown < keys.length) {
        var button = el("button", { type: "button", text: "Show more (" + (keys.length - shown) + ")" });
        button.addEventListener("click", function () { button.remove(); more(); });
        panel.append(button);
      }
    }
    more();
  }

  function sentenceItem(s, spans, facts) {
    var row = SENTENCES[s], doc = DOCS[row[0]], text = row[3];
    var where = doc[0] + (doc[1] ? " — " + doc[1] : "") + " · characters " + row[1] + "–" + row[2];
    var body = el("span", { className: "text" }), at = 0;
    spans.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (span) {
      if (span[0] < at || span[1] > text.length) return;
      body.append(text.slice(at, span[0]), el("mark", { text: text.slice(span[0], span[1]) }));
      at = span[1];
    });
    body.append(text.slice(at));
    var item = el("li", {}, el("span", { className: "where", text: where }), body);
    var unique = facts.filter(function (f, i) { return facts.indexOf(f) === i; });
    if (unique.length) item.append(el("span", { className: "facts", text: unique.join(" · ") }));
    return item;
  }

  // --- search -------------------------------------------------------------------------------

  var results = [], active = 0;
  function search(text) {
    var q = normal(text.trim());
    if (!q) return [];
    var scored = [];
    for (var i = 0; i < nodes.length; i++) {
      var keys = nodes[i].search, score = 9;
      for (var k = 0; k < keys.length; k++) {
        var key = keys[k], at = key.indexOf(q);
        if (at < 0) continue;
        var s = key === q ? (k ? 1 : 0) : at === 0 ? (k ? 3 : 2) : key.charAt(at - 1) === " " ? 4 : 5;
        if (s < score) score = s;
      }
      if (score < 9) scored.push([score, i]);
    }
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return scored.slice(0, RESULTS_MAX).map(function (pair) { return nodes[pair[1]]; });
  }

  function showResults() {
    results = search(searchInput.value); active = 0;
    resultsList.replaceChildren();
    if (!searchInput.value.trim()) { resultsList.hidden = true; return; }
    if (!results.length) resultsList.append(el("li", { className: "none", text: "No match" }));
    results.forEach(function (n, index) {
      var item = el("li", { role: "option", "aria-selected": index === active ? "true" : "false", "data-id": n.id },
        swatch(n.k), el("span", { className: "name", text: n.l }), el("span", { className: "kind", text: KINDS[n.k].label }));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(n); });
      resultsList.append(item);
    });
    resultsList.hidden = false;
  }

  function choose(n) { resultsList.hidden = true; searchInput.blur(); select(n, true); }

  var hiding = 0;  // the list closes a moment after the box loses focus, unless it gets it back
  searchInput.addEventListener("input", function () { clearTimeout(hiding); showResults(); });
  searchInput.addEventListener("focus", function () { clearTimeout(hiding); if (searchInput.value.trim()) showResults(); });
  searchInput.addEventListener("blur", function () { clearTimeout(hiding); hiding = setTimeout(function () { resultsList.hidden = true; }, 150); });
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!results.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      Array.prototype.forEach.call(resultsList.children, function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
    } else if (event.key === "Enter") {
      if (results[active]) choose(results[active]);
    } else if (event.key === "Escape") {
      resultsList.hidden = true;
    }
  });

  // --- class filter -----------------------------------------------------------------------

  function syncFilters() {
    KINDS.forEach(function (k, i) { var box = document.getElementById("kind-" + k.id); if (box) box.checked = shownKinds[i]; });
    version++; refresh(); redraw();
  }

  function buildFilters() {
    var list = document.getElementById("kinds"), counts = KINDS.map(function () { return 0; });
    nodes.forEach(function (n) { counts[n.k]++; });
    KINDS.forEach(function (k, i) {
      if (!counts[i]) return;
      var box = el("input", { type: "checkbox", id: "kind-" + k.id });
      box.checked = shownKinds[i];
      box.addEventListener("change", function () {
        shownKinds[i] = box.checked;
        version++; refresh();
        if (box.checked) {
          var showing = {};
          visible.forEach(function (n) { showing[n.i] = true; });
          var fresh = [];
          edges.forEach(function (e) {
            var a = nodes[e.s], b = nodes[e.t];
            if (a.k === i && !a.visible && showing[b.i]) fresh.push([a, b]);
            if (b.k === i && !b.visible && showing[a.i]) fresh.push([b, a]);
          });
          fresh.slice(0, 400).forEach(function (pair, index) { if (!pair[0].visible) { pair[0].visible = true; place(pair[0], pair[1], index, 0); } });
          refresh(); heat(0.4);
        }
        if (selected && !isShown(selected)) { selected = null; showPanel(null); }
        redraw();
      });
      list.append(el("li", {}, el("label", { "for": "kind-" + k.id }, box, swatch(i), el("span", { text: k.plural }), el("span", { className: "count", text: counts[i].toLocaleString("en") }))));
    });
  }

  document.getElementById("overview-button").addEventListener("click", function () { selected = null; version++; overview(); showPanel(null); });
  document.getElementById("fit-button").addEventListener("click", fit);
  document.getElementById("all-button").addEventListener("click", function () { version++; showAll(); });
  window.addEventListener("resize", function () { resize(); });

  buildFilters();
  resize();
  overview();
  draw();

  // A small interface for tests and for the console: where a node is drawn, what is shown.
  window.kgViewer = {
    ready: true,
    visibleCount: function () { return visible.length; },
    nodeCount: function () { return nodes.length; },
    lastDrawMs: function () { return lastDraw; },
    selected: function () { return selected ? selected.id : null; },
    find: function (label) { var n = nodes.find(function (m) { return m.l === label; }); return n ? n.id : null; },
    position: function (id) {
      var n = nodes.find(function (m) { return m.id === id; });
      if (!n || !isShown(n)) return null;
      var p = screen(n), box = canvas.getBoundingClientRect();
      return { x: p.x, y: p.y, clientX: p.x + box.left, clientY: p.y + box.top };
    },
    settle: function () { if (frame) cancelAnimationFrame(frame); frame = 0; while (alpha > 0.01) tick(); alpha = 0; draw(); }
  };
