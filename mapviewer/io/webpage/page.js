"use strict";
(function () {
  const violations = document.getElementById("violations");
  document.addEventListener("securitypolicyviolation", function (event) {
    const item = document.createElement("li");
    item.textContent = event.violatedDirective + " " + event.blockedURI;
    violations.appendChild(item);
    violations.hidden = false;
  });

  const data = JSON.parse(document.getElementById("map-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("canvas");
  const panel = document.getElementById("panel");
  const viewport = svgEl("g", {id: "viewport"});
  const frameLayer = svgEl("g", {"class": "frames"});
  const linkLayer = svgEl("g", {"class": "links"});
  const bundleLayer = svgEl("g", {"class": "bundles", display: "none"});
  // Every phrase over every line: in its link's group, a later link's 14 px click band lay
  // over it, and clicking "can recognize and kill" opened another link (9 of 28 round Cancer
  // cells); and a later line crossed it.
  const phraseLayer = svgEl("g", {"class": "phrases"});
  const nodeLayer = svgEl("g", {"class": "nodes"});
  viewport.append(frameLayer, linkLayer, bundleLayer, phraseLayer, nodeLayer);
  svg.appendChild(viewport);
  const kinds = new Map(data.kinds.map(function (k) { return [k.id, k]; }));
  const sources = new Map(data.sources.map(function (s) { return [s.id, s]; }));
  const nodes = new Map();
  const links = new Map();
  const view = {k: 1, x: 0, y: 0};
  let selected = null;

  function svgEl(tag, attrs) {
    const element = document.createElementNS(SVG, tag);
    for (const name in attrs) element.setAttribute(name, String(attrs[name]));
    return element;
  }
  function htmlEl(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) { element.textContent = text; element.dir = "auto"; }
    return element;
  }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // --- drawing --------------------------------------------------------------------------
  const measure = document.createElement("canvas").getContext("2d");
  // Labels lettered as the window letters the map's (ConceptMap.lettering): bold or plain.
  const BOLD = data.lettering !== "plain";
  if (BOLD) svg.classList.add("bold");
  measure.font = (BOLD ? "600 " : "") +
    "13px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
  // A word wider than a line and than a label's usual wrap width is broken inside, as the
  // window's break_lines does it (mapviewer.boxes: LABEL_WIDTH, _break_long_words): after a
  // dot, slash, underscore, colon, backslash or hyphen, then in a piece still too wide where a
  // lower-case letter meets a capital, leaving no piece of one or two characters at either
  // end; a run with no such place is cut into runs a line wide; the lines balanced. Kept
  // whole, "rrid-metadata/rrid/resolver.rkt" widened scibot's RRID resolver box past the
  // window's, which reads "rrid-metadata/" over "rrid/resolver.rkt".
  const LABEL_WIDTH = 150;
  const AFTER_PUNCTUATION = /(?<=[./_:\\-])(?=[^./_:\\-])/g;
  const CAMEL_HUMP = /(?<=[a-z])(?=[A-Z])/g;
  function splitAt(word, at) {
    const cuts = [0];
    for (const m of word.matchAll(at)) {
      if (m.index >= 3 && m.index <= word.length - 3) cuts.push(m.index);
    }
    cuts.push(word.length);
    const pieces = [];
    for (let i = 1; i < cuts.length; i++) {
      if (cuts[i - 1] < cuts[i]) pieces.push(word.slice(cuts[i - 1], cuts[i]));
    }
    return pieces;
  }
  function longWordLines(words, limit, pen) {
    const width = function (piece) { return pen.measureText(piece).width; };
    const tokens = [], sizes = [], glued = [];
    for (const word of words) {
      let pieces = [word];
      if (width(word) > limit) {
        pieces = splitAt(word, AFTER_PUNCTUATION).flatMap(function (piece) {
          return width(piece) > limit ? splitAt(piece, CAMEL_HUMP) : [piece];
        });
      }
      pieces = pieces.flatMap(function (piece) {
        const w = width(piece);
        if (w <= Math.max(limit, 2 * LABEL_WIDTH)) return [piece];
        const size = Math.max(1, Math.floor(piece.length * limit / w)), runs = [];
        for (let k = 0; k < piece.length; k += size) runs.push(piece.slice(k, k + size));
        return runs;
      });
      pieces.forEach(function (piece, index) {
        tokens.push(piece);
        sizes.push(pieces.length > 1 ? width(piece) : width(word));
        glued.push(index > 0);
      });
    }
    const starts = balanced(sizes, width(" "), limit, glued);
    return starts.map(function (first, n) {
      const end = n + 1 < starts.length ? starts[n + 1] : tokens.length;
      let text = tokens[first];
      for (let i = first + 1; i < end; i++) text += (glued[i] ? "" : " ") + tokens[i];
      return text;
    });
  }
  function greedy(sizes, space, most, glued) {
    // Where lines start when words ``sizes`` wide fill lines up to ``most``; a piece of a
    // word ``glued`` to the one before joins it without a space (boxes._greedy).
    const starts = [0];
    let line = sizes[0];
    for (let i = 1; i < sizes.length; i++) {
      const gap = glued && glued[i] ? 0 : space;
      if (line + gap + sizes[i] > most) { starts.push(i); line = sizes[i]; }
      else line += gap + sizes[i];
    }
    return starts;
  }
  function balanced(sizes, space, limit, glued) {
    // Where lines start in the narrowest width that needs no more lines than filling them up
    // to ``limit``, as the window's break_lines balances them: "Cancer" over "immunotherapy",
    // "Harm to dividing" over "healthy cells", where filling lines left one word alone.
    const count = greedy(sizes, space, limit, glued).length;
    if (count === 1) return [0];
    let low = Math.max.apply(null, sizes), high = limit;
    for (let i = 0; i < 8; i++) {
      const mid = (low + high) / 2;
      if (greedy(sizes, space, mid, glued).length <= count) high = mid; else low = mid;
    }
    return greedy(sizes, space, high, glued);
  }
  // A text is drawn in at most MAX_LINES lines, the last ending in "…", and only its first
  // MAX_CHARS characters are laid out, as in the window (boxes.MAX_LINES, MAX_CHARS): a
  // 40-line label drew a box 40 lines tall where the window's has 12.
  const MAX_LINES = 12, MAX_CHARS = 2000, ELLIPSIS = "\u2026";
  function elideRight(text, room, pen) {
    // ``text`` cut at its end to ``room`` with "…" after it (Qt's elidedText, ElideRight).
    if (pen.measureText(text).width <= room) return text;
    let kept = text.slice(0, -1);
    while (kept && pen.measureText(kept + ELLIPSIS).width > room) kept = kept.slice(0, -1);
    return kept + ELLIPSIS;
  }
  function elided(lines, limit, pen) {
    // The first MAX_LINES ``lines``, the last ending in "…" in a whole word where one fits,
    // as the window's break_lines ends a cut label.
    const kept = lines.slice(0, MAX_LINES);
    const room = Math.max(limit, widestLine([kept[kept.length - 1]], pen));
    let last = kept[kept.length - 1].trimEnd();
    while (last.includes(" ") && pen.measureText(last + ELLIPSIS).width > room) {
      last = last.slice(0, last.lastIndexOf(" ")).trimEnd();
    }
    kept[kept.length - 1] = elideRight(last + ELLIPSIS, room, pen);
    return kept;
  }
  function breakLines(text, limit, pen) {
    // Words in balanced lines no wider than ``limit`` as ``pen`` (a canvas's 2D context, in
    // the type they are drawn in) measures them, each paragraph on lines of its own: the one
    // line breaker of labels, phrases and names, as the window's is (boxes.break_lines).
    const lines = [];
    const space = pen.measureText(" ").width;
    text = String(text);
    const cut = text.length > MAX_CHARS;
    if (cut) text = text.slice(0, MAX_CHARS);
    for (const paragraph of text.split("\n")) {
      if (lines.length > MAX_LINES) break;
      const words = paragraph.split(/\s+/).filter(Boolean);
      if (!words.length) { lines.push(""); continue; }
      const sizes = words.map(function (w) { return pen.measureText(w).width; });
      if (Math.max.apply(null, sizes) > Math.max(limit, LABEL_WIDTH)) {
        lines.push.apply(lines, longWordLines(words, limit, pen));
        continue;
      }
      const starts = balanced(sizes, space, limit);
      starts.forEach(function (first, n) {
        lines.push(words.slice(first, n + 1 < starts.length ? starts[n + 1] : words.length)
          .join(" "));
      });
    }
    return cut || lines.length > MAX_LINES ? elided(lines, limit, pen) : lines;
  }
  function widestLine(lines, pen) {
    // A line is as wide as its words and the spaces between them, as the window adds it up
    // (boxes.line_width): its boxes are as wide as the window's to a hundredth of a unit.
    const space = pen.measureText(" ").width;
    let widest = 0;
    for (const line of lines) {
      const words = line.split(" ");
      let width = space * (words.length - 1);
      for (const word of words) width += pen.measureText(word).width;
      widest = Math.max(widest, width);
    }
    return widest;
  }
  function writeLines(text, lines, x, y, step) {
    // ``lines`` into ``text`` as tspans ``step`` apart, centred on y: every label, phrase, name
    // and title is written so.
    lines.forEach(function (line, index) {
      const span = svgEl("tspan", {x: x, y: y + (index - (lines.length - 1) / 2) * step});
      span.textContent = line;
      text.appendChild(span);
    });
  }
  const phraseMeasure = document.createElement("canvas").getContext("2d");
  phraseMeasure.font = "11px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
  const PHRASE_WIDTH = 120;  // as mapviewer.scene.style wraps phrases in the window
  function kindColor(node) {
    if (node.color) return node.color;
    const kind = kinds.get(node.kind);
    return kind ? kind.color : "#5b6770";
  }
  // A concept's fill, outline and text colour: its colour, its own or its kind's, fills it under
  // whichever of black and white reads on it, as on the canvas; a tinted map's page data
  // gives all three (the canvas's rule, colours.tinted_look).
  // A concept's own outline colour (node.border) is its stroke whichever way it is filled.
  function look(node) {
    if (node.fill) return {fill: node.fill, stroke: node.border || node.stroke, ink: node.text};
    const color = kindColor(node);
    const kind = kinds.get(node.kind);
    const ink = node.text || (node.color ? "" : kind ? kind.text : "");
    return {fill: color, stroke: node.border || shade(color, 0.7), ink: ink};
  }
  function tint(hex, amount) {
    const value = parseInt(hex.slice(1), 16);
    const channel = function (shift) {
      const c = (value >> shift) & 255;
      return Math.round(c * amount + 255 * (1 - amount));
    };
    return "rgb(" + channel(16) + "," + channel(8) + "," + channel(0) + ")";
  }
  function shade(hex, amount) {
    const value = parseInt(hex.slice(1), 16);
    const channel = function (shift) { return Math.round(((value >> shift) & 255) * amount); };
    return "rgb(" + channel(16) + "," + channel(8) + "," + channel(0) + ")";
  }
  // The polygonal shapes' corners as fractions of a w by h box, as the window's
  // mapviewer.scene.style.shape_polygon has them (tests/io/test_html_shapes.py compares the two
  // for every shape): a corner cut is a share of the height, at most a quarter of the width,
  // so a wide hexagon keeps its short slanted sides. Cut at fixed shares of the width, a
  // 300-wide hexagon's sides ran 45 units in from each end where the window's run 18.
  function polygonOf(shape, w, h) {
    const cut = function (share) { return Math.min(h * share, w * 0.25) / w; };
    let c, cy;
    switch (shape) {
      case "hexagon":
        c = cut(0.45);
        return [[c, 0], [1 - c, 0], [1, 0.5], [1 - c, 1], [c, 1], [0, 0.5]];
      case "octagon":
        c = cut(0.3);
        cy = Math.min(0.3, c * w / h);
        return [[c, 0], [1 - c, 0], [1, cy], [1, 1 - cy], [1 - c, 1], [c, 1], [0, 1 - cy],
          [0, cy]];
      case "diamond":
        return [[0.5, 0], [1, 0.5], [0.5, 1], [0, 0.5]];
      case "parallelogram":
        c = cut(0.35);
        return [[c, 0], [1, 0], [1 - c, 1], [0, 1]];
      case "triangle":
        return [[0.5, 0], [1, 1], [0, 1]];
      case "tag":
        c = cut(0.5);
        return [[0, 0], [1 - c, 0], [1, 0.5], [1 - c, 1], [0, 1]];
      case "card":
        c = cut(0.35);
        cy = Math.min(0.35, c * w / h);
        return [[c, 0], [1, 0], [1, 1], [0, 1], [0, cy]];
    }
    return null;
  }
  // A polygonal shape's corners round 0, 0 (null: not a polygon).
  function corners(shape, w, h) {
    const fractions = polygonOf(shape, w, h);
    if (!fractions) return null;
    return fractions.map(function (p) { return [p[0] * w - w / 2, p[1] * h - h / 2]; });
  }
  // Half a cylinder's lid and how far a document's wavy foot rises and falls, as the window's
  // boxes.cylinder_lid and boxes.document_wave: drawn by curve, kept clear by labelShift.
  function cylinderLid(w, h) { return Math.max(2, Math.min(h * 0.15, w * 0.12)); }
  function documentWave(w, h) { return Math.min(h * 0.1, w * 0.1); }
  // The curved shapes as mapviewer.scene.style draws them (_silhouette), round 0, 0: a
  // cylinder with its lid's near rim, a page with a wavy foot, a cloud of eight round bumps.
  // Given ``rim``, the outer edge is also pushed onto it in short straight steps, as the
  // window flattens it (style.outline_polygon) to end a link on it.
  const STEPS = 12;  // straight steps to a curve of the flattened edge
  function curve(shape, w, h, rim) {
    const l = -w / 2, t = -h / 2, r = w / 2, b = h / 2;
    const at = function (x, y) { return x + "," + y; };
    const trace = function (point) {  // a curve's points at STEPS steps, its start left out
      if (rim) for (let i = 1; i <= STEPS; i++) rim.push(point(i / STEPS));
    };
    const quad = function (p0, c, p1) {
      trace(function (s) {
        const u = 1 - s;
        return [u * u * p0[0] + 2 * u * s * c[0] + s * s * p1[0],
          u * u * p0[1] + 2 * u * s * c[1] + s * s * p1[1]];
      });
    };
    if (shape === "cylinder") {
      const lid = cylinderLid(w, h), arc = " A" + at(r, lid) + " 0 0 1 ";
      if (rim) rim.push([l, t + lid]);
      trace(function (s) {  // over the lid, then down the right and under the foot
        return [-r * Math.cos(Math.PI * s), t + lid - lid * Math.sin(Math.PI * s)];
      });
      trace(function (s) {
        return [r * Math.cos(Math.PI * s), b - lid + lid * Math.sin(Math.PI * s)];
      });
      return "M" + at(l, t + lid) + arc + at(r, t + lid) + " L" + at(r, b - lid) + arc +
        at(l, b - lid) + " Z M" + at(r, t + lid) + arc + at(l, t + lid);
    }
    if (shape === "document") {
      const wave = documentWave(w, h);
      if (rim) rim.push([l, t], [r, t], [r, b - wave]);
      quad([r, b - wave], [l + w * 0.75, b - 3 * wave], [0, b - wave]);
      quad([0, b - wave], [l + w * 0.25, b + wave], [l, b - wave]);
      return "M" + at(l, t) + " L" + at(r, t) + " L" + at(r, b - wave) + " Q" +
        at(l + w * 0.75, b - 3 * wave) + " " + at(0, b - wave) + " Q" +
        at(l + w * 0.25, b + wave) + " " + at(l, b - wave) + " Z";
    }
    if (shape === "cloud") {  // a half circle between each two dips (style.cloud_curves)
      const bumps = 8, half = Math.PI / bumps, k = 0.5523;
      const dip = 1 / (Math.cos(half) + Math.sin(half)), radius = dip * Math.sin(half);
      const on = function (x, y) { return at(r * x, b * y); };
      let d = "";
      for (let i = 0; i < bumps; i++) {
        const a = 2 * Math.PI * i / bumps, m = dip * Math.cos(half);
        for (let quarter = 0; quarter < 2; quarter++) {
          const start = a - Math.PI / 2 + quarter * Math.PI / 2, stop = start + Math.PI / 2;
          const x0 = m * Math.cos(a) + radius * Math.cos(start);
          const y0 = m * Math.sin(a) + radius * Math.sin(start);
          const x1 = m * Math.cos(a) + radius * Math.cos(stop);
          const y1 = m * Math.sin(a) + radius * Math.sin(stop);
          if (!d) d = "M" + on(x0, y0);
          const c0 = [x0 - k * radius * Math.sin(start), y0 + k * radius * Math.cos(start)];
          const c1 = [x1 + k * radius * Math.sin(stop), y1 - k * radius * Math.cos(stop)];
          d += " C" + on(c0[0], c0[1]) + " " + on(c1[0], c1[1]) + " " + on(x1, y1);
          if (rim && !rim.length) rim.push([r * x0, b * y0]);
          trace(function (s) {
            const u = 1 - s, p = [u * u * u, 3 * u * u * s, 3 * u * s * s, s * s * s];
            return [r * (p[0] * x0 + p[1] * c0[0] + p[2] * c1[0] + p[3] * x1),
              b * (p[0] * y0 + p[1] * c0[1] + p[2] * c1[1] + p[3] * y1)];
          });
        }
      }
      return d + " Z";
    }
    return null;
  }
  const ROUND = new Set(["ellipse", "circle"]);  // a circle's box is square (see drawNode)
  function outline(shape, w, h, look) {
    if (ROUND.has(shape)) {
      return svgEl("ellipse", Object.assign({rx: w / 2, ry: h / 2}, look));
    }
    const d = curve(shape, w, h);
    if (d) return svgEl("path", Object.assign({d: d}, look));
    const polygon = corners(shape, w, h);
    if (polygon) {
      const points = polygon.map(function (p) { return p[0] + "," + p[1]; }).join(" ");
      return svgEl("polygon", Object.assign({points: points}, look));
    }
    const radius = shape === "rectangle" ? 0 : shape === "pill" ? h / 2 : 9;
    return svgEl("rect", Object.assign({x: -w / 2, y: -h / 2, width: w, height: h, rx: radius},
      look));
  }
  // Room a shape needs round its label (mapviewer.boxes.shape_padding), across and down.
  const SHAPE_PAD = {ellipse: [22, 10], diamond: [34, 16], hexagon: [16, 4], octagon: [10, 4],
    parallelogram: [14, 2], pill: [8, 0], circle: [22, 10], cylinder: [0, 14], cloud: [26, 14],
    document: [0, 8], tag: [16, 0], triangle: [44, 22], card: [8, 2]};
  // The window's box rule (mapviewer.boxes: PAD_X and PAD_Y, here BOX_PAD_X and BOX_PAD_Y,
  // MIN_WIDTH, CIRCLE_PAD, CIRCLE_WRAP, BLANK_WIDTH); tests/io/test_html_window_match.py
  // holds the page's boxes to the window's.
  const BOX_PAD_X = 12, BOX_PAD_Y = 8, MIN_WIDTH = 56, CIRCLE_PAD = 6, CIRCLE_WRAP = 0.7;
  const BLANK_WIDTH = 1;
  // A diamond holds its name in its middle half each way, so it wraps as a circle does
  // (boxes.NARROW_WRAP): at 150 a two-line name made a flat diamond 270 wide.
  const NARROW_WRAP = new Set(["circle", "diamond"]);
  // The window's fitting of a label inside its outline (mapviewer.boxes: LABEL_MARGIN,
  // TRIANGLE_RISE, the cloud's dips, _GROWTH_LIMIT): a long name ran out of an ellipse's,
  // a diamond's or a cloud's sides, one word out of a triangle's, unless its box grew.
  const LABEL_MARGIN = 3, TRIANGLE_RISE = 0.5, GROWTH_LIMIT = 64;
  const CLOUD_DIP = 1 / (Math.cos(Math.PI / 8) + Math.sin(Math.PI / 8));
  const CLOUD_OCTAGON = [1, 3, 5, 7, 9, 11, 13, 15].map(function (k) {
    return [0.5 + CLOUD_DIP * Math.cos(k * Math.PI / 8) / 2,
      0.5 + CLOUD_DIP * Math.sin(k * Math.PI / 8) / 2];
  });
  function labelShift(shape, w, h, textH) {
    // How far below the box's middle its label's middle sits, as the window's
    // boxes.label_shift: on a triangle's foot, where it is wide; under a cylinder's lid; over
    // a document's wavy foot. Elsewhere the label is centred.
    if (shape === "triangle") return Math.max(0, h / 2 - BOX_PAD_Y - textH / 2);
    if (shape === "cylinder") return cylinderLid(w, h) / 2;
    if (shape === "document") return -documentWave(w, h);
    return 0;
  }
  function convexScale(fractions, w, h, a, b, low, rise) {
    // The least factor by which a convex outline (clockwise ``fractions`` of a w by h box)
    // must grow to hold a block ``a`` either side of its middle and ``b`` above and below the
    // label's middle, ``low + factor * rise`` below the box's: each side is a linear condition
    // on the factor (boxes._convex_scale).
    let need = 0;
    let last = fractions[fractions.length - 1];
    let px = (last[0] - 0.5) * w, py = (last[1] - 0.5) * h;
    for (const f of fractions) {
      const qx = (f[0] - 0.5) * w, qy = (f[1] - 0.5) * h;
      const nx = py - qy, ny = qx - px;  // inwards on a clockwise outline
      const short = nx * (nx > 0 ? a : -a) - ny * (ny > 0 ? low - b : low + b);
      if (short > 0) {
        const gain = ny * rise - nx * px - ny * py;
        need = Math.max(need, gain > 0 ? short / gain : GROWTH_LIMIT);
      }
      px = qx;
      py = qy;
    }
    return need;
  }
  function holds(shape, w, h, a, b) {
    // Whether a pill, cylinder or document this size holds the block (boxes._holds).
    const halfW = w / 2, halfH = h / 2;
    const dy = labelShift(shape, w, h, 2 * (b - LABEL_MARGIN));
    if (shape === "pill") {
      const radius = Math.min(halfW, halfH), over = Math.max(a - halfW + radius, 0);
      return (over / radius) ** 2 + (b / halfH) ** 2 <= 1;
    }
    if (shape === "cylinder") {
      const lid = cylinderLid(w, h);
      return a <= halfW && dy - b >= 2 * lid - halfH && dy + b <= halfH - lid;
    }
    if (shape === "document") {
      const wave = documentWave(w, h);
      return a <= halfW && dy - b >= -halfH && dy + b <= halfH - 2 * wave;
    }
    return true;
  }
  function grownBy(shape, w, h, textW, textH) {
    // The least factor (1 or more) by which a box must grow, both ways, for its label to sit
    // LABEL_MARGIN inside its outline, as the window's boxes._fitted finds it.
    if (shape === "rounded" || shape === "rectangle" || shape === "circle") return 1;
    const a = textW / 2 + LABEL_MARGIN, b = textH / 2 + LABEL_MARGIN;
    if (shape === "ellipse") return Math.max(1, Math.hypot(2 * a / w, 2 * b / h));
    const convex = shape === "cloud" ? CLOUD_OCTAGON : polygonOf(shape, w, h);
    if (convex) {
      const triangle = shape === "triangle";
      return Math.max(1, convexScale(convex, w, h, a, b,
        triangle ? -BOX_PAD_Y - textH / 2 : 0, triangle ? h / 2 : 0));
    }
    if (holds(shape, w, h, a, b)) return 1;
    let low = 1, high = 2;
    while (!holds(shape, w * high, h * high, a, b)) {
      low = high;
      high *= 2;
      if (high > GROWTH_LIMIT) return high;
    }
    for (let i = 0; i < 14; i++) {
      const mid = (low + high) / 2;
      if (holds(shape, w * mid, h * mid, a, b)) high = mid; else low = mid;
    }
    return high;
  }
  // A label's line is as high as its type's ascent and descent, as the window spaces lines
  // (Qt's line spacing): 15.1 units in 13 px, where the page's 16 made boxes taller.
  const probe = measure.measureText("Hg");
  const LINE = probe.fontBoundingBoxAscent + probe.fontBoundingBoxDescent;
  const CAPTION_GAP = 4;  // between a picture's icon and its name (scene.nodeitem)
  function captionCorner(at, textW, textH, halfW, halfH) {
    // A picture's name centred ``at`` from its icon's centre, pushed out of the icon where
    // our type, wider than yEd's, would reach into it (nodeitem.caption_corner).
    const x = at[0] - textW / 2, y = at[1] - textH / 2;
    if (x >= halfW || x + textW <= -halfW || y >= halfH || y + textH <= -halfH) return [x, y];
    if (Math.abs(at[0]) * halfH >= Math.abs(at[1]) * halfW) {
      return [at[0] > 0 ? halfW + CAPTION_GAP : -halfW - CAPTION_GAP - textW, y];
    }
    return [x, at[1] > 0 ? halfH + CAPTION_GAP : -halfH - CAPTION_GAP - textH];
  }
  function labelBox(node) {
    // A concept's lines and box as the window's label_box makes them (mapviewer.boxes'
    // label_wrap, break_lines and box_around): lines wrap at 150 units (a circle's at 0.7 of
    // that), or within the width a file sets, unless that makes the label taller than the
    // file's box: then at 150 and the box widens to the lines. A box is at least 56 wide,
    // the label padded by 12 and 8 and the room its shape needs; an unnamed one keeps the
    // file's size. At 200 units, not 150, "Cancer immunotherapy" was one line 195 wide where
    // the window's box is 141. A concept's own text size (node.size, in px) scales its type:
    // measured in the page's 13 px, which widths are in proportion to.
    const pad = SHAPE_PAD[node.shape] || [0, 0];
    const fixedW = node.width || 0, fixedH = node.height || 0;
    let limit = fixedW ? Math.max(40, Math.min(600, fixedW - 2 * BOX_PAD_X - pad[0])) :
      NARROW_WRAP.has(node.shape) ? LABEL_WIDTH * CIRCLE_WRAP : LABEL_WIDTH;
    const fit = node.caption ? 1 : fittedScale(node, limit, pad);
    const scale = (node.size ? node.size / 13 : 1) * fit, step = LINE * scale;
    if (node.caption && fixedW && fixedH) {
      // A picture (a yEd image or SVG node): the box is the icon's, its name written outside
      // it where the file has it, wrapped as in a box of no set size (nodeitem.label_box).
      limit = NARROW_WRAP.has(node.shape) ? LABEL_WIDTH * CIRCLE_WRAP : LABEL_WIDTH;
      const named = breakLines(node.label, limit / scale, measure);
      const textW = widestLine(named, measure) * scale + 1, textH = named.length * step;
      const [x, y] = captionCorner(node.caption, textW, textH, fixedW / 2, fixedH / 2);
      return {lines: named, step: step, w: fixedW, h: fixedH, shift: 0, fit: 1,
        caption: [x + textW / 2, y + textH / 2], named: [x, y, x + textW, y + textH]};
    }
    let lines = breakLines(node.label, limit / scale, measure);
    if (fixedH && limit < LABEL_WIDTH && lines.length * step + 2 * BOX_PAD_Y + pad[1] > fixedH) {
      limit = LABEL_WIDTH;
      lines = breakLines(node.label, limit / scale, measure);
    }
    const textW = widestLine(lines, measure) * scale + 1, textH = lines.length * step;
    const blank = textW <= BLANK_WIDTH && fixedW && fixedH;
    let w, h;
    if (node.shape === "circle") {  // round, and round its label
      w = h = blank ? Math.max(fixedW, fixedH) : Math.max(MIN_WIDTH, fixedW, fixedH,
        Math.hypot(textW + 2 * CIRCLE_PAD, textH + 2 * CIRCLE_PAD));
    } else if (blank) {
      [w, h] = [fixedW, fixedH];
    } else {
      w = Math.max(fixedW || MIN_WIDTH, textW + 2 * BOX_PAD_X + pad[0]);
      h = Math.max(textH + 2 * BOX_PAD_Y + pad[1], fixedH);
      if (node.shape === "triangle") h = Math.max(h, w * TRIANGLE_RISE);  // not a flat sliver
      const grown = grownBy(node.shape, w, h, textW, textH);
      w *= grown;
      h *= grown;
    }
    return {lines: lines, step: step, w: w, h: h, fit: fit,
      shift: labelShift(node.shape, w, h, textH)};
  }
  const FIT_STEPS = [0.95, 0.9, 0.85, 0.8];  // as mapviewer.boxes
  function fittedScale(node, limit, pad) {
    // 1, or a step smaller where a box whose width and height the file sets holds the label on
    // its lines only so (boxes.fitted_font): yEd sized the box for its narrower type.
    const fixedW = node.width || 0, fixedH = node.height || 0;
    if (!fixedW || !fixedH || limit >= LABEL_WIDTH || !node.label.trim()) return 1;
    const own = node.size ? node.size / 13 : 1, step = LINE * own;
    const room = fixedH - 2 * BOX_PAD_Y - pad[1];
    const lines = breakLines(node.label, limit / own, measure).length;
    if (lines * step <= room) return 1;
    const held = Math.max(1, 1 + Math.floor((room - step) / step));
    if (lines <= held) return 1;  // on the box's lines already: smaller type gains no line
    for (const fit of FIT_STEPS) {
      if (breakLines(node.label, limit / (own * fit), measure).length <= held) return fit;
    }
    return 1;
  }
  function drawNode(node) {
    const box = labelBox(node), lines = box.lines, step = box.step, w = box.w, h = box.h;
    const drawn = look(node);
    const group = svgEl("g", {"class": "node", tabindex: 0, role: "button",
      transform: "translate(" + node.x + " " + node.y + ")"});
    group.setAttribute("aria-label", node.label);
    group.dataset.id = node.id;
    const own = node.outline ? {style: node.outline} : {};  // its own width and dash
    // A picture is drawn alone, as yEd draws it: its outline unpainted but still clicked.
    const paint = node.picture ? {fill: "transparent", stroke: "none"}
      : Object.assign({fill: drawn.fill, stroke: drawn.stroke}, own);
    group.appendChild(outline(node.shape, w, h, paint));
    if (node.picture) {
      group.appendChild(svgEl("image", {href: node.picture, x: -w / 2, y: -h / 2,
        width: w, height: h, preserveAspectRatio: "xMidYMid meet"}));
    }
    // A caption is on the page, not on the box's fill: in the page's own ink.
    const ink = [drawn.ink && !box.caption ? "fill:" + drawn.ink : "",
      node.size || box.fit < 1 ? "font-size:" + (node.size || 13) * box.fit + "px" : ""]
      .filter(Boolean).join(";");
    const text = svgEl("text", ink ? {style: ink} : {});
    const [textX, textY] = box.caption || [0, box.shift];
    writeLines(text, lines, textX, textY, step);
    group.appendChild(text);
    group.addEventListener("click", function (event) {
      event.stopPropagation();
      // A click no pointer made (detail 0: a screen reader's activation) is the keyboard's.
      if (event.detail === 0) openDetails(node.id); else select(node.id);
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        openDetails(node.id);
      } else if (WAYS[event.key] && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();  // the page does not scroll under a phone's map
        walk(nodes.get(node.id), WAYS[event.key]);
      }
    });
    // Tabbed to while off the screen (zoomed in), the map moves to show it; ringed.
    group.addEventListener("focus", function () {
      ringed = nodes.get(node.id);
      markWalked(walking);
      showFocused(node.id);
      drawRing();
    });
    group.addEventListener("blur", function () { ringed = null; markWalked(null); drawRing(); });
    nodeLayer.appendChild(group);
    nodes.set(node.id, {data: node, element: group, w: w, h: h, links: [],
      named: box.named || null});
  }
  // A concept's outline as corners round 0, 0 (null: a box, an ellipse or a pill, worked out
  // exactly), kept on its entry while its size holds: polygons as drawn, curves flattened.
  function rimOf(box) {
    const shape = box.data.shape, size = box.w + "x" + box.h;
    if (box.rimSize !== size) {
      let rim = corners(shape, box.w, box.h);
      if (!rim && curve(shape, box.w, box.h)) {
        rim = [];
        curve(shape, box.w, box.h, rim);
      }
      box.rim = rim;
      box.rimSize = size;
    }
    return box.rim;
  }
  // The least t > 0 at which (dx, dy) * t from 0, 0 crosses the outline ``rim``, as the
  // window's nodeitem._ray_polygon finds it.
  function rayOut(dx, dy, rim) {
    let best = Infinity;
    for (let i = 0; i < rim.length; i++) {
      const p = rim[i], q = rim[(i + 1) % rim.length], ex = q[0] - p[0], ey = q[1] - p[1];
      const denom = dx * ey - dy * ex;
      if (Math.abs(denom) < 1e-12) continue;
      const t = (p[0] * ey - p[1] * ex) / denom, u = (p[0] * dy - p[1] * dx) / denom;
      if (t > 0 && u >= -1e-9 && u <= 1 + 1e-9) best = Math.min(best, t);
    }
    return best;
  }
  function edgePoint(from, to, box) {
    const dx = from.x - to.x, dy = from.y - to.y;
    if (!dx && !dy) return {x: to.x, y: to.y};
    // On the outline, as the window ends a link (its boundary_xy): 3 px short of it, a
    // UML triangle's tip stood off the box it points at; on the box round a hexagon or a
    // diamond, the arrowheads at PD-1 and the side effects stood in the air beside them.
    const rx = box.w / 2, ry = box.h / 2, shape = box.data.shape, frame = box.title !== undefined;
    let t = Math.min(dx ? rx / Math.abs(dx) : Infinity, dy ? ry / Math.abs(dy) : Infinity);
    const rim = frame ? null : rimOf(box);
    if (frame) {
      // a group's frame is a rectangle whatever its shape
    } else if (ROUND.has(shape)) {
      t = 1 / Math.hypot(dx / rx, dy / ry);
    } else if (rim) {
      const out = rayOut(dx, dy, rim);
      if (out < Infinity) t = out;
    } else if (shape === "pill" && Math.abs(dx * t) > rx - ry) {  // out through a round end
      const cx = Math.sign(dx) * (rx - ry), a = dx * dx + dy * dy, bb = -2 * cx * dx;
      const disc = Math.max(bb * bb - 4 * a * (cx * cx - ry * ry), 0);
      t = (-bb + Math.sqrt(disc)) / (2 * a);
    }
    t = Math.min(t, 1);
    return {x: to.x + dx * t, y: to.y + dy * t};
  }
  // A link anchored to sides leaves each square to it and curves to the other end, as the
  // canvas draws it (mapviewer.sides: NORMALS, and PULL's 0.35, 30 and 220).
  const NORMALS = {top: [0, -1], right: [1, 0], bottom: [0, 1], left: [-1, 0]};
  function sidedCourse(link, a, b) {
    const sidePoint = function (entry, side) {
      const n = NORMALS[side];
      return {x: entry.data.x + n[0] * entry.w / 2, y: entry.data.y + n[1] * entry.h / 2};
    };
    const from = link.sides[0], to = link.sides[1];
    let start = from ? sidePoint(a, from) : null, end = to ? sidePoint(b, to) : null;
    if (!start) start = edgePoint(end, a.data, a);
    if (!end) end = edgePoint(start, b.data, b);
    const pull = Math.min(Math.max(Math.hypot(end.x - start.x, end.y - start.y) * 0.35, 30), 220);
    const n1 = NORMALS[from] || [0, 0], n2 = NORMALS[to] || [0, 0];
    const c1 = {x: start.x + n1[0] * pull, y: start.y + n1[1] * pull};
    const c2 = {x: end.x + n2[0] * pull, y: end.y + n2[1] * pull};
    const d = "M" + start.x + "," + start.y + " C" + c1.x + "," + c1.y + " " + c2.x + "," +
      c2.y + " " + end.x + "," + end.y;
    const at = function (t) {
      const u = 1 - t, k = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
      return {x: k[0] * start.x + k[1] * c1.x + k[2] * c2.x + k[3] * end.x,
        y: k[0] * start.y + k[1] * c1.y + k[2] * c2.y + k[3] * end.y};
    };
    return [d, at(0.5), at];
  }
  function markBase(kind) { return !kind || kind === "triangle" ? "arrow" : "end-" + kind; }
  function arrowMarker(size, kind, color, under) {
    // A link's end: the arrowhead, or its own mark (link.ends), at the normal size or a wide
    // link's, in the link's own colour (a marker's paths take --line from the marker, not
    // the line: yEd's black UML triangles came out grey), made once per kind, size, colour.
    // ``under``: the line's width in the page's units where the line stops inside the mark
    // (markCut): the mark's tip stands as far ahead of the line's end, where the course ended
    // (on the outline), and the mark is sized in the page's units, so a selected link's
    // thicker line does not push its tip into the box.
    const base = markBase(kind);
    if (!size && !color && !under) return base;
    const id = base + (size ? "-" + String(size).replace(/[^0-9]/g, "_") : "") +
      (color ? "-" + color.replace(/[^0-9A-Za-z]/g, "_") : "") +
      (under ? "-in" + String(under).replace(/[^0-9]/g, "_") : "");
    if (!document.getElementById(id)) {
      const marker = document.getElementById(base).cloneNode(true);
      const scale = (size || 7) / 7 * (under || 1);
      marker.id = id;
      marker.setAttribute("markerWidth", marker.getAttribute("markerWidth") * scale);
      marker.setAttribute("markerHeight", marker.getAttribute("markerHeight") * scale);
      if (under) {
        marker.setAttribute("markerUnits", "userSpaceOnUse");
        marker.setAttribute("refX", (1 - UNDER) * MARK_LENGTH[base]);  // its tip at the end
      }
      if (color) marker.style.setProperty("--line", color);
      svg.querySelector("defs").appendChild(marker);
    }
    return id;
  }
  // How long each end mark is along its line, in its marker's units (its path's reach), and
  // how much of that the line runs back under the mark from its tip: as the window's
  // EdgeItem._under_head and _under_heads stop a line 0.8 of the mark short of its tip (not
  // under a vee, all strokes, which has no inside to hide a line in). Drawn to the tip, a
  // curve's round end and a wide line's band ran out past the point of its head.
  const MARK_LENGTH = {"arrow": 10, "end-open_triangle": 14.5, "end-diamond": 14,
    "end-open_diamond": 14, "end-circle": 10, "end-open_circle": 10};
  const UNDER = 0.8, STROKE_PX = 1.4;  // the page's normal line (page.css .link path.line)
  function markCut(link, kind) {  // how far back from the tip the line ends, in page units
    const base = markBase(kind);
    if (!kind || !MARK_LENGTH[base]) return 0;
    const marker = document.getElementById(base);
    const perUnit = marker.getAttribute("markerWidth") * (link.arrow || 7) / 7 * STROKE_PX *
      link.width / marker.viewBox.baseVal.width;
    return UNDER * MARK_LENGTH[base] * perUnit;
  }
  // A course's path ``d`` (M then L, Q and C pieces) stopped ``cuts`` [at its start, at its
  // end] short of its ends, as the window stops a line under its marks: a straight piece
  // where it is longer than the mark, a curve cut (de Casteljau) where its marks take under
  // 0.8 of its chord. Returns [d, [whether the start was cut, whether the end was]].
  function underMarks(d, cuts) {
    const pieces = [];
    for (const m of d.matchAll(/([MLQC])([^MLQC]*)/g)) {
      const nums = (m[2].match(/-?[0-9.]+(?:e[-+]?[0-9]+)?/gi) || []).map(Number);
      const points = [];
      for (let i = 0; i + 1 < nums.length; i += 2) points.push([nums[i], nums[i + 1]]);
      pieces.push([m[1], points]);
    }
    const done = [false, false];
    if (pieces.length < 2 || pieces[0][0] !== "M") return [d, done];
    const firstPiece = pieces[1];
    const pointsOf = function (index) {  // the piece's whole control polygon, from its start
      const before = pieces[index - 1][1];
      return [before[before.length - 1], ...pieces[index][1]];
    };
    const curvy = function (piece) { return piece[0] === "Q" || piece[0] === "C"; };
    const at = function (poly, t) {  // de Casteljau: [the point, the curve before, after]
      let level = poly, left = [poly[0]], right = [poly[poly.length - 1]];
      while (level.length > 1) {
        const next = [];
        for (let i = 1; i < level.length; i++) {
          next.push([level[i - 1][0] + (level[i][0] - level[i - 1][0]) * t,
            level[i - 1][1] + (level[i][1] - level[i - 1][1]) * t]);
        }
        left.push(next[0]);
        right.unshift(next[next.length - 1]);
        level = next;
      }
      return [level[0], left, right];
    };
    const tFrom = function (poly, distance, fromStart) {  // straight ``distance`` from an end
      const end = fromStart ? poly[0] : poly[poly.length - 1];
      let near = fromStart ? 0 : 1, far = fromStart ? 1 : 0;
      for (let i = 0; i < 24; i++) {
        const mid = (near + far) / 2, p = at(poly, mid)[0];
        if (Math.hypot(p[0] - end[0], p[1] - end[1]) < distance) near = mid; else far = mid;
      }
      return (near + far) / 2;
    };
    // A curve cut short of its end ``tip`` leaves its cut point heading for the tip, so the
    // mark there (which SVG turns along the line's last direction) points where it did and
    // its tip stays on the outline: its control point beside the cut is turned to line up.
    const aimed = function (poly, atEnd, tip) {
      const i = atEnd ? poly.length - 1 : 0, j = atEnd ? poly.length - 2 : 1;
      const cut = poly[i], reach = Math.hypot(poly[j][0] - cut[0], poly[j][1] - cut[1]);
      const dx = cut[0] - tip[0], dy = cut[1] - tip[1], length = Math.hypot(dx, dy);
      if (length > 1e-9) poly[j] = [cut[0] + dx / length * reach, cut[1] + dy / length * reach];
      return poly;
    };
    const chordOf = function (poly) {
      const p = poly[0], q = poly[poly.length - 1];
      return Math.hypot(q[0] - p[0], q[1] - p[1]);
    };
    if (pieces.length === 2 && curvy(firstPiece)) {  // one curve: both ends cut on it
      let poly = pointsOf(1);
      if (!(cuts[0] || cuts[1]) || cuts[0] + cuts[1] >= chordOf(poly) * 0.8) return [d, done];
      const tips = [poly[0], poly[poly.length - 1]];
      if (cuts[1]) { poly = at(poly, tFrom(poly, cuts[1], false))[1]; done[1] = true; }
      if (cuts[0]) { poly = at(poly, tFrom(poly, cuts[0], true))[2]; done[0] = true; }
      if (done[1]) poly = aimed(poly, true, tips[1]);
      if (done[0]) poly = aimed(poly, false, tips[0]);
      pieces[0][1] = [poly[0]];
      firstPiece[1] = poly.slice(1);
    } else {
      const ends = [[1, 0, cuts[0]], [pieces.length - 1, 1, cuts[1]]];
      for (const [index, side, cut] of ends) {
        const piece = pieces[index], poly = pointsOf(index);
        if (!cut || curvy(piece) && cut >= chordOf(poly) * 0.8) continue;
        if (curvy(piece)) {
          const split = at(poly, tFrom(poly, cut, side === 0));
          const kept = aimed(split[side === 0 ? 2 : 1], side === 1,
            side === 0 ? poly[0] : poly[poly.length - 1]);
          if (side === 0) pieces[0][1] = [kept[0]];
          piece[1] = kept.slice(1);
        } else {
          const from = side === 0 ? poly[1] : poly[0], tip = side === 0 ? poly[0] : poly[1];
          const length = Math.hypot(from[0] - tip[0], from[1] - tip[1]);
          if (length <= cut / UNDER) continue;  // shorter than its mark: drawn to the tip
          const moved = [tip[0] + (from[0] - tip[0]) / length * cut,
            tip[1] + (from[1] - tip[1]) / length * cut];
          if (side === 0) pieces[0][1] = [moved]; else piece[1] = [moved];
        }
        done[side] = true;
      }
    }
    const out = pieces.map(function (piece) {
      return piece[0] + piece[1].map(function (p) { return p[0] + "," + p[1]; }).join(" ");
    });
    return [out.join(" "), done];
  }
  // A link the window fans out from others joining the same two concepts (link.bend): a
  // quadratic curve through the middle moved 2 * bend to the left of the way from one centre
  // to the other, meeting each outline towards that control point, as mapviewer.scene's
  // EdgeItem bends it. With the control point: its phrase looks for room along the curve.
  function bentCourse(bend, a, b) {
    const dx = b.data.x - a.data.x, dy = b.data.y - a.data.y;
    const length = Math.hypot(dx, dy) || 1;
    const control = {x: (a.data.x + b.data.x) / 2 - dy / length * 2 * bend,
      y: (a.data.y + b.data.y) / 2 + dx / length * 2 * bend};
    return quadCourse(a, b, control);
  }
  // A phrase where it covers no concept and no phrase placed before it, as the window's
  // EdgeItem._place_phrase finds it (mapviewer.scene.edgeitem: PHRASE_AT, NARROWER,
  // PHRASE_BESIDE_AT, PHRASE_BESIDE, PHRASE_GAP): along its link, the middle first, then
  // further out; then on more lines along it; then beside the link; of those the least
  // covered. Always in the middle, "often causes side effects such as" lay over Harm to
  // dividing healthy cells and "hasDEC" over vs-sysbp's boxes, which the window keeps clear.
  const PHRASE_AT = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88];
  const NARROWER = [0.65, 0.45];
  const PHRASE_BESIDE_AT = [0.5, 0.35, 0.65, 0.2, 0.8], PHRASE_BESIDE = [1, 2.2];
  const PHRASE_GAP = 2, PHRASE_PAD = [5, 2], PHRASE_STEP = 13, ROOM_CELL = 256;
  let taken = null;  // cell -> the boxes and placed phrases meeting it
  function cells(r, visit) {
    for (let i = Math.floor(r[0] / ROOM_CELL); i <= Math.floor(r[2] / ROOM_CELL); i++) {
      const top = Math.floor(r[1] / ROOM_CELL), bottom = Math.floor(r[3] / ROOM_CELL);
      for (let j = top; j <= bottom; j++) visit(i + "," + j);
    }
  }
  function take(r) {
    cells(r, function (key) {
      if (!taken.has(key)) taken.set(key, []);
      taken.get(key).push(r);
    });
  }
  function takenRoom() {
    if (!taken) {  // every concept's box shown (a frame takes none: phrases cross it)
      taken = new Map();
      nodes.forEach(function (entry, id) {
        if (entry.title !== undefined || shownEnd(id) !== id) return;
        const d = entry.data;
        take([d.x - entry.w / 2, d.y - entry.h / 2, d.x + entry.w / 2, d.y + entry.h / 2]);
      });
    }
    return taken;
  }
  function covered(r) {
    // How much of the box ``r``, with PHRASE_GAP round it, boxes and phrases cover.
    const room = [r[0] - PHRASE_GAP, r[1] - PHRASE_GAP, r[2] + PHRASE_GAP, r[3] + PHRASE_GAP];
    const seen = new Set();
    let sum = 0;
    cells(room, function (key) {
      for (const o of takenRoom().get(key) || []) {
        if (seen.has(o) || o[0] > room[2] || room[0] > o[2] || o[1] > room[3] ||
            room[1] > o[3]) continue;
        seen.add(o);
        const dx = Math.min(room[2], o[2]) - Math.max(room[0], o[0]);
        const dy = Math.min(room[3], o[3]) - Math.max(room[1], o[1]);
        sum += Math.max(dx, 0.5) * Math.max(dy, 0.5);
      }
    });
    return sum;
  }
  function freest(spots, w, h) {  // [covered, centre] of the first free spot, else the least
    let best = null;
    for (const p of spots) {
      const c = covered([p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2]);
      if (c === 0) return [0, p];
      if (!best || c < best[0]) best = [c, p];
    }
    return best;
  }
  function placePhrase(label, at, mid) {
    // The phrase's lines and centre on a course ``at`` (t from 0 to 1 -> a point) whose
    // middle is ``mid``; the spot it takes is filed for the phrases after it.
    const size = function (lines) {
      return [widestLine(lines, phraseMeasure) + 2 * PHRASE_PAD[0],
        lines.length * PHRASE_STEP + 2 * PHRASE_PAD[1]];
    };
    let lines = breakLines(label, PHRASE_WIDTH, phraseMeasure);
    let [w, h] = size(lines);
    const along = [mid].concat(PHRASE_AT.slice(1).map(at));
    let best = freest(along, w, h);
    if (best[0] > 0 && lines.length < 3 && /\s/.test(label.trim())) {
      for (const share of NARROWER) {
        const narrow = breakLines(label, (w - 2 * PHRASE_PAD[0]) * share, phraseMeasure);
        if (narrow.length <= lines.length) continue;
        const [nw, nh] = size(narrow), found = freest(along, nw, nh);
        if (found[0] === 0) {
          [lines, w, h, best] = [narrow, nw, nh, found];
          break;
        }
      }
    }
    if (best[0] > 0) {
      const beside = [];
      for (const far of PHRASE_BESIDE) {
        for (const t of PHRASE_BESIDE_AT) {
          const p = at(t), q = at(Math.min(1, t + 0.01)), o = at(Math.max(0, t - 0.01));
          const dx = q.x - o.x, dy = q.y - o.y, length = Math.hypot(dx, dy) || 1;
          const nx = -dy / length, ny = dx / length;
          const reach = (Math.abs(nx) * w / 2 + Math.abs(ny) * h / 2) * far + 3;
          beside.push({x: p.x + nx * reach, y: p.y + ny * reach},
            {x: p.x - nx * reach, y: p.y - ny * reach});
        }
      }
      const found = freest(beside, w, h);
      if (found[0] < best[0]) best = found;
    }
    const spot = best[1];
    take([spot.x - w / 2, spot.y - h / 2, spot.x + w / 2, spot.y + h / 2]);
    return [lines, spot];
  }
  // A map whose links its file drew at right angles (ConceptMap.routing "orthogonal": yEd's
  // orthogonal edges) has them so on the page too, as the window routes them
  // (mapviewer.routing: _orthogonal, _cheapest, _detours, clip_ends, offset, rounded, with
  // its CORNER, BEND_COST, TOUCH, CLEARANCE; edgeitem.LANE_SHARE): of a straight run where
  // the boxes face each other, an L, a Z, and Zs and Us just outside the boxes near it, the
  // cheapest (length, 60 a corner) that passes no other box, corners rounded 10 units. The
  // page drew yed-frame-nodes' WishBone and CSRs links as diagonals across the FPGA frame.
  // A link that crosses more than MAX_CROSSED boxes goes as an L unchecked (routing._route's
  // crowd), and so does every link once the page has spent ROUTE_MS routing (the window's
  // LinkContext.route_until): a 5,000-concept map routed for over 20 s.
  const ORTHOGONAL = data.routing === "orthogonal";
  const CORNER = 10, BEND_COST = 60, TOUCH = 3, CLEARANCE = 14, LANE_SHARE = 0.35;
  const MAX_CROSSED = 12, ROUTE_MS = 1500;
  let routeUntil = null;
  let boxGrid = null;  // cell -> [rect, entry] of every concept box shown
  function boxesWithin(r) {
    if (!boxGrid) {
      boxGrid = new Map();
      nodes.forEach(function (entry, id) {
        if (entry.title !== undefined || shownEnd(id) !== id) return;
        const d = entry.data;
        const rect = [d.x - entry.w / 2, d.y - entry.h / 2, d.x + entry.w / 2, d.y + entry.h / 2];
        const item = [rect, entry];  // one object in every cell, so a box is found once
        cells(rect, function (key) {
          if (!boxGrid.has(key)) boxGrid.set(key, []);
          boxGrid.get(key).push(item);
        });
      });
    }
    const found = new Set();
    cells(r, function (key) {
      for (const item of boxGrid.get(key) || []) {
        const o = item[0];
        if (o[0] <= r[2] && r[0] <= o[2] && o[1] <= r[3] && r[1] <= o[3]) found.add(item);
      }
    });
    return Array.from(found);
  }
  const grow = function (r, by) { return [r[0] - by, r[1] - by, r[2] + by, r[3] + by]; };
  const inside = function (r, p) {
    return r[0] < p[0] && p[0] < r[2] && r[1] < p[1] && p[1] < r[3];
  };
  function segmentMeets(p, q, r) {  // through the open rectangle (Liang-Barsky)
    let t0 = 0, t1 = 1;
    const dx = q[0] - p[0], dy = q[1] - p[1];
    for (const [ep, eq] of [[-dx, p[0] - r[0]], [dx, r[2] - p[0]], [-dy, p[1] - r[1]],
      [dy, r[3] - p[1]]]) {
      if (ep === 0) { if (eq <= 0) return false; continue; }
      const t = eq / ep;
      if (ep < 0) { if (t > t1) return false; t0 = Math.max(t0, t); }
      else { if (t < t0) return false; t1 = Math.min(t1, t); }
    }
    return t1 - t0 > 1e-9;
  }
  function exitParam(p, q, r) {
    let t = 1;
    const dx = q[0] - p[0], dy = q[1] - p[1];
    if (dx > 0) t = Math.min(t, (r[2] - p[0]) / dx);
    else if (dx < 0) t = Math.min(t, (r[0] - p[0]) / dx);
    if (dy > 0) t = Math.min(t, (r[3] - p[1]) / dy);
    else if (dy < 0) t = Math.min(t, (r[1] - p[1]) / dy);
    return Math.max(0, t);
  }
  function clipEnds(points, startBox, endBox) {
    const pts = points.slice();
    const lerp = function (p, q, t) {
      return [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
    };
    while (pts.length > 2 && inside(startBox, pts[1])) pts.shift();
    if (inside(startBox, pts[0])) {
      pts[0] = lerp(pts[0], pts[1], exitParam(pts[0], pts[1], startBox));
    }
    while (pts.length > 2 && inside(endBox, pts[pts.length - 2])) pts.pop();
    const n = pts.length;
    if (inside(endBox, pts[n - 1])) {
      pts[n - 1] = lerp(pts[n - 1], pts[n - 2], exitParam(pts[n - 1], pts[n - 2], endBox));
    }
    return pts;
  }
  function simplify(points) {  // no repeated points, no corner that is no turn
    const out = [];
    for (const p of points) {
      const last = out[out.length - 1];
      if (last && Math.abs(last[0] - p[0]) < 1e-6 && Math.abs(last[1] - p[1]) < 1e-6) continue;
      if (out.length >= 2) {
        const a = out[out.length - 2], b = last;
        if (Math.abs((b[0] - a[0]) * (p[1] - b[1]) - (b[1] - a[1]) * (p[0] - b[0])) < 1e-6) {
          out[out.length - 1] = p;
          continue;
        }
      }
      out.push(p);
    }
    return out;
  }
  function offsetBy(points, by) {  // the polyline moved ``by`` to its left, corners mitred
    if (!by || points.length < 2) return points.slice();
    const normals = [];
    for (let i = 1; i < points.length; i++) {
      const dx = points[i][0] - points[i - 1][0], dy = points[i][1] - points[i - 1][1];
      const length = Math.hypot(dx, dy) || 1;
      normals.push([dy / length, -dx / length]);
    }
    const out = [[points[0][0] + normals[0][0] * by, points[0][1] + normals[0][1] * by]];
    for (let i = 1; i < points.length - 1; i++) {
      const a = normals[i - 1], b = normals[i];
      const scale = by / Math.max(0.2, 1 + a[0] * b[0] + a[1] * b[1]);
      out.push([points[i][0] + (a[0] + b[0]) * scale, points[i][1] + (a[1] + b[1]) * scale]);
    }
    const last = normals[normals.length - 1], end = points[points.length - 1];
    out.push([end[0] + last[0] * by, end[1] + last[1] * by]);
    return out;
  }
  const toward = function (p, q, distance) {
    const dx = q[0] - p[0], dy = q[1] - p[1], length = Math.hypot(dx, dy) || 1;
    return [p[0] + dx / length * distance, p[1] + dy / length * distance];
  };
  function radii(points, radius) {  // each corner's, less where a side is too short for it
    const out = [];
    for (let i = 1; i < points.length - 1; i++) {
      const before = Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
      const after = Math.hypot(points[i + 1][0] - points[i][0], points[i + 1][1] - points[i][1]);
      const roomBefore = i === 1 ? before - 14 : before / 2;
      const roomAfter = i === points.length - 2 ? after - 14 : after / 2;
      out.push(Math.max(0, Math.min(radius, roomBefore, roomAfter)));
    }
    return out;
  }
  function roundedPolyline(points, radius) {  // the rounded course as short straight pieces
    const r = radii(points, radius), out = [points[0]];
    for (let i = 1; i < points.length - 1; i++) {
      if (r[i - 1] <= 0) { out.push(points[i]); continue; }
      const p0 = toward(points[i], points[i - 1], r[i - 1]), c = points[i];
      const p1 = toward(points[i], points[i + 1], r[i - 1]);
      for (let k = 0; k <= 6; k++) {
        const t = k / 6, u = 1 - t;
        out.push([u * u * p0[0] + 2 * u * t * c[0] + t * t * p1[0],
          u * u * p0[1] + 2 * u * t * c[1] + t * t * p1[1]]);
      }
    }
    out.push(points[points.length - 1]);
    return out;
  }
  function backtracks(points) {  // its first or last piece doubles back over the next
    if (points.length < 3) return false;
    const reverse = function (p, q, r) {
      return (q[0] - p[0]) * (r[0] - q[0]) + (q[1] - p[1]) * (r[1] - q[1]) < -1e-6;
    };
    const n = points.length;
    return reverse(points[0], points[1], points[2]) ||
      reverse(points[n - 3], points[n - 2], points[n - 1]);
  }
  const boxRect = function (e) {  // a concept's box as [left, top, right, bottom]
    return [e.data.x - e.w / 2, e.data.y - e.h / 2, e.data.x + e.w / 2, e.data.y + e.h / 2];
  };
  function surroundings(a, b) {
    // The boxes a link from ``a`` to ``b`` must keep clear of: every concept box but its own
    // two and any that holds one of its ends (routing.Surroundings).
    const pa = [a.data.x, a.data.y], pb = [b.data.x, b.data.y];
    const kept = function (item) {
      return item[1] !== a && item[1] !== b && !inside(item[0], pa) && !inside(item[0], pb);
    };
    const hit = function (points, margin) {  // a piece within ``margin`` of a kept box
      const by = margin === undefined ? TOUCH : margin;
      for (let i = 1; i < points.length; i++) {
        const p = points[i - 1], q = points[i];
        const span = [Math.min(p[0], q[0]) - by, Math.min(p[1], q[1]) - by,
          Math.max(p[0], q[0]) + by, Math.max(p[1], q[1]) + by];
        for (const item of boxesWithin(span)) {
          if (kept(item) && segmentMeets(p, q, grow(item[0], by))) return true;
        }
      }
      return false;
    };
    const crossed = function () {  // how many kept boxes the line from centre to centre meets
      let count = 0;
      const span = [Math.min(pa[0], pb[0]) - TOUCH, Math.min(pa[1], pb[1]) - TOUCH,
        Math.max(pa[0], pb[0]) + TOUCH, Math.max(pa[1], pb[1]) + TOUCH];
      for (const item of boxesWithin(span)) {
        if (kept(item) && segmentMeets(pa, pb, grow(item[0], TOUCH))) count++;
      }
      return count;
    };
    const within = function (region) {
      return boxesWithin(region).filter(kept).map(function (item) { return item[0]; });
    };
    return {pa: pa, pb: pb, sb: boxRect(a), eb: boxRect(b), hit: hit, crossed: crossed,
      within: within};
  }
  function routing() {  // still within the page's time for routing (ROUTE_MS)?
    if (routeUntil === null) routeUntil = performance.now() + ROUTE_MS;
    return performance.now() < routeUntil;
  }
  function cheapestCourse(candidates, around, lane) {
    // The shortest (60 a corner) of the courses that pass under no box (routing._cheapest).
    const priced = [];
    for (const course of candidates) {
      const points = simplify(clipEnds(offsetBy(course, lane), around.sb, around.eb));
      if (points.length < 2 || backtracks(points)) continue;
      priced.push([polylineLength(points) + BEND_COST * (points.length - 2), priced.length,
        points]);
    }
    priced.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    for (const [, , points] of priced) {
      if (!around.hit(roundedPolyline(points, CORNER))) return points;
    }
    return null;
  }
  function detourCourses(around) {
    // Zs and Us whose middle runs just outside a box near the link (routing._detours), the
    // middle nearest the ends' midway first.
    const {pa, pb, sb, eb} = around;
    const region = [Math.min(sb[0], eb[0]) - 80, Math.min(sb[1], eb[1]) - 80,
      Math.max(sb[2], eb[2]) + 80, Math.max(sb[3], eb[3]) + 80];
    const walls = around.within(region).map(function (r) { return grow(r, CLEARANCE); });
    const xs = new Set([sb[0] - CLEARANCE, sb[2] + CLEARANCE]);
    const ys = new Set([sb[1] - CLEARANCE, sb[3] + CLEARANCE]);
    for (const w of walls) { xs.add(w[0]); xs.add(w[2]); ys.add(w[1]); ys.add(w[3]); }
    const midX = (pa[0] + pb[0]) / 2, midY = (pa[1] + pb[1]) / 2;
    const order = function (mid) {
      return function (u, v) { return Math.abs(u - mid) - Math.abs(v - mid) || u - v; };
    };
    return Array.from(xs).sort(order(midX)).map(function (x) {
      return [pa, [x, pa[1]], [x, pb[1]], pb];
    }).concat(Array.from(ys).sort(order(midY)).map(function (y) {
      return [pa, [pa[0], y], [pb[0], y], pb];
    }));
  }
  function polylineLength(points) {
    let length = 0;
    for (let i = 1; i < points.length; i++) {
      length += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
    }
    return length;
  }
  // The point a share t (0 to 1) along a line of straight pieces through points, by length:
  // where an orthogonal course or a route through bends puts its phrase and its arrowhead.
  function alongPoints(points) {
    const lengths = [0];
    for (let i = 1; i < points.length; i++) {
      lengths.push(lengths[i - 1] +
        Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]));
    }
    return function (t) {
      const want = t * lengths[lengths.length - 1];
      let i = 1;
      while (i < lengths.length - 1 && lengths[i] < want) i++;
      const piece = lengths[i] - lengths[i - 1] || 1, s = (want - lengths[i - 1]) / piece;
      return {x: points[i - 1][0] + (points[i][0] - points[i - 1][0]) * s,
        y: points[i - 1][1] + (points[i][1] - points[i - 1][1]) * s};
    };
  }

  function cornersCourse(a, b, course, r) {
    // A course of corners rounded ``r`` (one radius each) drawn from ``a``'s outline to
    // ``b``'s, as the window's EdgeItem._follow draws a Route's points: [d, middle, along].
    const points = course.slice();
    points[0] = ontoOutline(a, points[0], points[1]);
    const n = points.length;
    points[n - 1] = ontoOutline(b, points[n - 1], points[n - 2]);
    let d = "M" + points[0][0] + "," + points[0][1];
    for (let i = 1; i < points.length - 1; i++) {
      if (r[i - 1] <= 0) { d += " L" + points[i][0] + "," + points[i][1]; continue; }
      const p0 = toward(points[i], points[i - 1], r[i - 1]);
      const p1 = toward(points[i], points[i + 1], r[i - 1]);
      d += " L" + p0[0] + "," + p0[1] + " Q" + points[i][0] + "," + points[i][1] + " " +
        p1[0] + "," + p1[1];
    }
    d += " L" + points[points.length - 1][0] + "," + points[points.length - 1][1];
    const at = alongPoints(points);
    return [d, at(0.5), at];
  }
  function orthogonalCourse(link, a, b) {
    const around = surroundings(a, b), {pa, pb, sb, eb} = around;
    // A lane stays inside both ends' boxes, so each link of a fan still leaves its box.
    const reach = Math.min(a.h / 2, b.h / 2, a.w / 2) - 4;
    const lane = Math.max(-reach, Math.min(reach, (link.bend || 0) * LANE_SHARE));
    const crossed = routing() ? around.crossed() : 0;
    const candidates = [];
    let lo = Math.max(sb[0], eb[0]), hi = Math.min(sb[2], eb[2]);
    if (hi - lo > 8) candidates.push([[(lo + hi) / 2, pa[1]], [(lo + hi) / 2, pb[1]]]);
    lo = Math.max(sb[1], eb[1]);
    hi = Math.min(sb[3], eb[3]);
    if (hi - lo > 8) candidates.push([[pa[0], (lo + hi) / 2], [pb[0], (lo + hi) / 2]]);
    const midX = (pa[0] + pb[0]) / 2, midY = (pa[1] + pb[1]) / 2;
    candidates.push([pa, [pb[0], pa[1]], pb], [pa, [pa[0], pb[1]], pb],
      [pa, [pa[0], midY], [pb[0], midY], pb], [pa, [midX, pa[1]], [midX, pb[1]], pb]);
    let best = null;
    if (crossed > MAX_CROSSED || !routing()) {
      best = simplify(clipEnds(offsetBy([pa, [pb[0], pa[1]], pb], lane), sb, eb));
    }
    if (!best) best = cheapestCourse(candidates, around, lane);
    if (!best) best = cheapestCourse(detourCourses(around), around, lane);
    // No clear course (the window searches a grid round the boxes): the Z across the middle.
    if (!best) best = simplify(clipEnds(offsetBy(candidates[candidates.length - 2], lane), sb, eb));
    return cornersCourse(a, b, best, radii(best, CORNER));
  }
  // A map whose links go round the boxes they would pass under (ConceptMap.routing "curved",
  // the default map's) has them so on the page too, as the window routes them
  // (routing._route, _curved, _bow, _pull): a link whose straight line passes under no other
  // box stays straight (a fan's link bent); else the first of bows ever deeper, either side,
  // that clears the boxes; else the orthogonal detours' cheapest clear course with its
  // corners cut by line of sight and rounded 90, 45 or 20 units. Drawn straight, 15 of the
  // default map's links ran under unrelated boxes where the window's run under none.
  const CURVED = data.routing === "curved";
  function bowControl(pa, pb, sideways) {  // routing._bow's control point
    const dx = pb[0] - pa[0], dy = pb[1] - pa[1], length = Math.hypot(dx, dy) || 1;
    return [(pa[0] + pb[0]) / 2 + dy / length * sideways,
      (pa[1] + pb[1]) / 2 - dx / length * sideways];
  }
  function bowPolyline(around, control) {  // the bow from box edge to box edge, in pieces
    const start = clipEnds([around.pa, control], around.sb, [0, 0, 0, 0])[0];
    const end = clipEnds([control, around.pb], [0, 0, 0, 0], around.eb)[1];
    const out = [];
    for (let k = 0; k <= 16; k++) {
      const t = k / 16, u = 1 - t;
      out.push([u * u * start[0] + 2 * u * t * control[0] + t * t * end[0],
        u * u * start[1] + 2 * u * t * control[1] + t * t * end[1]]);
    }
    return out;
  }
  function quadCourse(a, b, control) {
    // One bow through ``control`` from ``a``'s outline to ``b``'s: [d, middle, along].
    const start = edgePoint(control, a.data, a), end = edgePoint(control, b.data, b);
    const d = "M" + start.x + "," + start.y + " Q" + control.x + "," + control.y + " " +
      end.x + "," + end.y;
    const at = function (t) {
      const u = 1 - t;
      return {x: u * u * start.x + 2 * u * t * control.x + t * t * end.x,
        y: u * u * start.y + 2 * u * t * control.y + t * t * end.y};
    };
    return [d, at(0.5), at];
  }
  function pulled(points, around, lane) {
    // Corners cut where a straight piece clears the boxes: an any-angle course (routing._pull).
    const out = [points[0]];
    let index = 0;
    while (index < points.length - 1) {
      let far = points.length - 1;
      while (far > index + 1 &&
          around.hit([points[index], points[far]], CLEARANCE / 2 + lane)) far--;
      out.push(points[far]);
      index = far;
    }
    return out;
  }
  // Where no Z or U clears the boxes, the window searches the lines just outside the boxes
  // near the link (routing._grid_course, _astar: A* over their Hanan grid, 60 a corner, at
  // most MAX_OBSTACLES boxes and MAX_STEPS states); the page searches so too.
  const MAX_OBSTACLES = 120, MAX_STEPS = 12000;
  function gridCourse(around, clearance) {
    const {pa, pb, sb, eb} = around;
    for (const [pad, keep] of [[160, clearance], [160, TOUCH + 2], [480, TOUCH + 2]]) {
      const region = [Math.min(sb[0], eb[0]) - pad, Math.min(sb[1], eb[1]) - pad,
        Math.max(sb[2], eb[2]) + pad, Math.max(sb[3], eb[3]) + pad];
      const rects = around.within(region);
      if (rects.length > MAX_OBSTACLES) return null;
      const walls = rects.map(function (r) { return grow(r, keep); }).filter(function (w) {
        return !inside(w, pa) && !inside(w, pb);
      });
      const course = gridSearch(pa, pb, walls, region);
      if (course) return course;
    }
    return null;
  }
  function turnsLeft(heading, dx, dy) {  // fewest corners still needed, as cost (a bound)
    const [along, across] = heading < 2 ? [dx, dy] : [dy, dx];
    const ahead = heading === 0 || heading === 2 ? along > 0 : along < 0;
    if (across === 0) return ahead || along === 0 ? 0 : 2 * BEND_COST;
    return ahead || along === 0 ? BEND_COST : 2 * BEND_COST;
  }
  function heapPush(heap, item) {  // a binary heap of [guess, -cost, state], least first
    const less = function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; };
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (less(heap[i], heap[up]) >= 0) break;
      [heap[i], heap[up]] = [heap[up], heap[i]];
      i = up;
    }
    heap.less = less;
  }
  function heapPop(heap) {
    const top = heap[0], last = heap.pop(), less = heap.less;
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m]) < 0) m = l;
        if (r < heap.length && less(heap[r], heap[m]) < 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
  function gridSearch(a, b, walls, region) {
    // The cheapest course from a to b along the grid lines of the walls' sides that enters no
    // wall (routing._astar, _closed, _distances, _unwind), or null.
    const uniq = function (values) {
      return Array.from(new Set(values)).sort(function (u, v) { return u - v; });
    };
    const xs = uniq([a[0], b[0], region[0], region[2]].concat(walls.flatMap(function (w) {
      return [w[0], w[2]];
    })));
    const ys = uniq([a[1], b[1], region[1], region[3]].concat(walls.flatMap(function (w) {
      return [w[1], w[3]];
    })));
    const xi = new Map(xs.map(function (x, i) { return [x, i]; }));
    const yi = new Map(ys.map(function (y, i) { return [y, i]; }));
    const nx = xs.length, ny = ys.length, n = nx * ny;
    const right = new Uint8Array(n).fill(1), down = new Uint8Array(n).fill(1);
    for (const w of walls) {
      const i0 = xi.get(w[0]), i1 = xi.get(w[2]), j0 = yi.get(w[1]), j1 = yi.get(w[3]);
      for (let i = i0; i <= i1; i++) {
        if (i < i1 && j0 + 1 < j1) right.fill(0, i * ny + j0 + 1, i * ny + j1);
        if (i0 < i && i < i1) down.fill(0, i * ny + j0, i * ny + j1);
      }
    }
    right.fill(0, (nx - 1) * ny);
    for (let i = 0; i < nx; i++) down[i * ny + ny - 1] = 0;
    const left = new Uint8Array(n), up = new Uint8Array(n);
    left.set(right.subarray(0, (nx - 1) * ny), ny);
    up.set(down.subarray(0, n - 1), 1);
    for (let i = 0; i < nx; i++) up[i * ny] = 0;
    const wide = [], tall = [];
    for (let i = 0; i + 1 < nx; i++) wide.push(xs[i + 1] - xs[i]);
    for (let j = 0; j + 1 < ny; j++) tall.push(ys[j + 1] - ys[j]);
    const toX = xs.map(function (x) { return Math.abs(b[0] - x); });
    const toY = ys.map(function (y) { return Math.abs(b[1] - y); });
    const sideX = xs.map(function (x) { return (b[0] > x) - (b[0] < x) + 1; });
    const sideY = ys.map(function (y) { return (b[1] > y) - (b[1] < y) + 1; });
    const turns = [0, 1, 2, 3].map(function (h) {
      return [0, 1, 2].map(function (sx) {
        return [0, 1, 2].map(function (sy) { return turnsLeft(h, sx - 1, sy - 1); });
      });
    });
    const start = xi.get(a[0]) * ny + yi.get(a[1]), goal = xi.get(b[0]) * ny + yi.get(b[1]);
    const best = new Float64Array(n * 5).fill(Infinity), came = new Int32Array(n * 5).fill(-1);
    const low = new Float64Array(n).fill(Infinity);
    const first = start * 5 + 4;
    best[first] = 0;
    low[start] = 0;
    const heap = [];
    heapPush(heap, [0, 0, first]);
    const steps = [  // [open, next point's offset, heading, piece length, next (i, j)]
      [right, ny, 0, function (i) { return wide[i]; }, 1, 0],
      [left, -ny, 1, function (i) { return wide[i - 1]; }, -1, 0],
      [down, 1, 2, function (i, j) { return tall[j]; }, 0, 1],
      [up, -1, 3, function (i, j) { return tall[j - 1]; }, 0, -1]];
    let budget = MAX_STEPS;
    while (heap.length && budget) {
      budget--;
      const [, negative, state] = heapPop(heap);
      const cost = -negative;
      if (cost > best[state]) continue;
      const point = Math.floor(state / 5), d = state % 5;
      if (point === goal) {
        const points = [];
        for (let s = state; s >= 0; s = came[s]) {
          const p = Math.floor(s / 5);
          points.push([xs[Math.floor(p / ny)], ys[p % ny]]);
        }
        return simplify(points.reverse());
      }
      const i = Math.floor(point / ny), j = point % ny;
      for (const [open, offset, heading, piece, di, dj] of steps) {
        if (!open[point]) continue;
        const next = point + offset;
        const newCost = cost + piece(i, j) + (d === 4 || d === heading ? 0 : BEND_COST);
        const key = next * 5 + heading;
        if (newCost < best[key] && newCost <= low[next] + BEND_COST) {
          best[key] = newCost;
          came[key] = state;
          if (newCost < low[next]) low[next] = newCost;
          const guess = newCost + toX[i + di] + toY[j + dj] +
            turns[heading][sideX[i + di]][sideY[j + dj]];
          heapPush(heap, [guess, -newCost, key]);
        }
      }
    }
    return null;
  }
  function curvedCourse(link, a, b) {
    // [d, middle, along] of a link routed round the boxes, or null where the window draws it
    // as it would unrouted (straight, or a fan's bend): clear of every box, through a crowd of
    // more than MAX_CROSSED boxes, or once the page has spent ROUTE_MS routing.
    if (!routing()) return null;
    const around = surroundings(a, b), {pa, pb, sb, eb} = around;
    const lane = link.bend || 0;
    const bow = function (sideways) {
      const c = bowControl(pa, pb, sideways);
      return quadCourse(a, b, {x: c[0], y: c[1]});
    };
    if (around.crossed() > MAX_CROSSED) return lane ? bow(2 * lane) : null;
    if (!lane && !around.hit(clipEnds([pa, pb], sb, eb))) return null;
    const first = 2 * lane, step = 2 * Math.max(Math.abs(lane), 17) * 2;
    const sides = lane >= 0 ? [1, -1] : [-1, 1], candidates = [first];
    const length = Math.hypot(pb[0] - pa[0], pb[1] - pa[1]);
    for (let k = 1; k * step <= Math.max(0.9 * length, 120) && k <= 4; k++) {
      for (const side of sides) candidates.push(first + side * k * step);
    }
    for (const sideways of candidates) {
      if (!around.hit(bowPolyline(around, bowControl(pa, pb, sideways)))) return bow(sideways);
    }
    // Round the boxes as an orthogonal course would, then cut its corners and round them wide.
    const course = cheapestCourse(detourCourses(around), around, 0) ||
      gridCourse(around, CLEARANCE + Math.abs(lane));
    if (!course) return bow(first);
    const points = simplify(clipEnds(offsetBy(pulled(course, around, Math.abs(lane)), lane),
      sb, eb));
    for (const radius of [90, 45, 20]) {
      const r = radii(points, radius);
      if (!around.hit(roundedPolyline(points, radius))) return cornersCourse(a, b, points, r);
    }
    return cornersCourse(a, b, points, radii(points, 0));
  }
  function ontoOutline(entry, edge, after) {
    // Where a course leaving the box at ``edge`` (heading for ``after``) leaves the concept's
    // outline, inside the box for an ellipse, a diamond and the like (edgeitem._onto_outline).
    const shape = entry.data.shape;
    if (shape === "rounded" || shape === "rectangle" || entry.title !== undefined) return edge;
    const cx = entry.data.x, cy = entry.data.y;
    let ux = edge[0] - after[0], uy = edge[1] - after[1];
    const length = Math.hypot(ux, uy);
    if (!length) return edge;
    ux /= length;
    uy /= length;
    const reach = (cx - edge[0]) * ux + (cy - edge[1]) * uy;
    if (reach <= 0) return edge;
    const within = function (t) {
      const x = edge[0] + ux * t - cx, y = edge[1] + uy * t - cy;
      const out = edgePoint({x: cx + x, y: cy + y}, entry.data, entry);
      return Math.hypot(x, y) <= Math.hypot(out.x - cx, out.y - cy) + 1e-6;
    };
    if (!within(reach)) return edge;
    let low = 0, high = reach;
    for (let i = 0; i < 14; i++) {
      const t = (low + high) / 2;
      if (within(t)) high = t; else low = t;
    }
    return [edge[0] + ux * high, edge[1] + uy * high];
  }
  // Where a shared phrase's links meet (its source's centre plus link.via), unless an end is
  // inside a closed group or a concept now covers the point: then a link of its own.
  function meetingPoint(link, a, b) {
    if (!link.via || a.data.id !== link.source || b.data.id !== link.target) return null;
    const x = a.data.x + link.via[0], y = a.data.y + link.via[1];
    const inside = function (e) {
      return Math.abs(x - e.data.x) < e.w / 2 && Math.abs(y - e.data.y) < e.h / 2;
    };
    return inside(a) || inside(b) ? null : {x: x, y: y};
  }

  // A link with its own route (Edge.bends, link.route): straight from bend to bend, from its
  // source's outline towards the first to its target's from the last, as the window draws it;
  // its phrase along it from the middle of its length. Drawn by the map's routing, yEd's
  // workflow diagram's links left the ways their author had steered them round the boxes.
  // Cubic pieces of one smooth curve through points (a link's route drawn smooth, as
  // CmapTools draws a curved connection), as mapviewer.routing.smooth_through makes them:
  // at each inner point along the line between its neighbours, each handle a third of its
  // piece long; at an end leaving as a parabola would.
  function smoothThrough(points) {
    const n = points.length;
    const unit = function (dx, dy) {
      const length = Math.hypot(dx, dy);
      return length ? [dx / length, dy / length] : [0, 0];
    };
    const tangents = [];
    for (let i = 1; i < n - 1; i++) {
      tangents[i] = unit(points[i + 1][0] - points[i - 1][0], points[i + 1][1] - points[i - 1][1]);
    }
    const chordIn = unit(points[1][0] - points[0][0], points[1][1] - points[0][1]);
    const chordOut = unit(points[n - 1][0] - points[n - 2][0], points[n - 1][1] - points[n - 2][1]);
    tangents[0] = unit(2 * chordIn[0] - tangents[1][0], 2 * chordIn[1] - tangents[1][1]);
    tangents[n - 1] = unit(2 * chordOut[0] - tangents[n - 2][0],
      2 * chordOut[1] - tangents[n - 2][1]);
    const pieces = [];
    for (let i = 0; i < n - 1; i++) {
      const p = points[i], q = points[i + 1], reach = Math.hypot(q[0] - p[0], q[1] - p[1]) / 3;
      pieces.push([p, [p[0] + tangents[i][0] * reach, p[1] + tangents[i][1] * reach],
        [q[0] - tangents[i + 1][0] * reach, q[1] - tangents[i + 1][1] * reach], q]);
    }
    return pieces;
  }
  function cubicAt(piece, t) {
    const u = 1 - t, w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    return [0, 1].map(function (k) {
      return w[0] * piece[0][k] + w[1] * piece[1][k] + w[2] * piece[2][k] + w[3] * piece[3][k];
    });
  }

  function routeCourse(route, a, b, smooth) {
    // Bends under a box the line leaves or meets are passed over: drawn to them, the line
    // ran under the box, its head hidden there (a box drawn bigger than its file's).
    const within = function (entry, p) {
      return Math.abs(p[0] - entry.data.x) < entry.w / 2 - 0.5 &&
        Math.abs(p[1] - entry.data.y) < entry.h / 2 - 0.5;
    };
    let lo = 0, hi = route.length;
    while (hi - lo > 1 && within(a, route[lo])) lo++;
    while (hi - lo > 1 && within(b, route[hi - 1])) hi--;
    route = route.slice(lo, hi);
    const first = {x: route[0][0], y: route[0][1]};
    const last = {x: route[route.length - 1][0], y: route[route.length - 1][1]};
    const start = edgePoint(first, a.data, a), end = edgePoint(last, b.data, b);
    // A first or last bend on the outline (where yEd's line leaves its box by a port) is
    // the end itself: a piece to it from the outline would be a speck the head turned along.
    let points = route.slice();
    if (Math.hypot(start.x - first.x, start.y - first.y) > 0.5) points.unshift([start.x, start.y]);
    if (Math.hypot(end.x - last.x, end.y - last.y) > 0.5) points.push([end.x, end.y]);
    if (points.length < 2) points = [[start.x, start.y], ...route, [end.x, end.y]];
    if (smooth && points.length > 2) {  // its phrase along the curve, walked in short steps
      const pieces = smoothThrough(points), walked = [points[0]];
      let d = "M" + points[0][0] + "," + points[0][1];
      for (const piece of pieces) {
        d += " C" + piece.slice(1).map(function (p) { return p[0] + "," + p[1]; }).join(" ");
        for (let k = 1; k <= 16; k++) walked.push(cubicAt(piece, k / 16));
      }
      const at = alongPoints(walked);
      return [d, at(0.5), at];
    }
    const d = "M" + points.map(function (p) { return p[0] + "," + p[1]; }).join(" L");
    const at = alongPoints(points);
    return [d, at(0.5), at];
  }

  function drawLink(link) {
    const a = nodes.get(shownEnd(link.source)), b = nodes.get(shownEnd(link.target));
    if (!a || !b || (a === b && link.source !== link.target)) return;  // inside a closed group
    let d, mid, meeting, routed, along = null;
    const own = a.data.id === link.source && b.data.id === link.target;  // no end in a closed group
    if (link.route && own && (a !== b || link.route.length > 1)) {
      [d, mid, along] = routeCourse(link.route, a, b, link.smooth);
    } else if (a === b) {
      const x = a.data.x, top = a.data.y - a.h / 2;
      d = "M" + (x + a.w / 4) + "," + top + " C" + (x + a.w / 4 + 40) + "," + (top - 60) + " " +
          (x - a.w / 4 - 40) + "," + (top - 60) + " " + (x - a.w / 4) + "," + top;
      mid = {x: x, y: top - 46};
    } else if ((meeting = meetingPoint(link, a, b))) {  // a shared CmapTools phrase
      const start = edgePoint(meeting, a.data, a), end = edgePoint(meeting, b.data, b);
      d = "M" + start.x + "," + start.y + " L" + meeting.x + "," + meeting.y +
          " L" + end.x + "," + end.y;
      mid = meeting;
    } else if ((link.sides[0] || link.sides[1]) && a.data.id === link.source &&
        b.data.id === link.target) {  // anchored, and neither end inside a closed group
      [d, mid, along] = sidedCourse(link, a, b);
    } else if (ORTHOGONAL) {
      [d, mid, along] = orthogonalCourse(link, a, b);
    } else if (CURVED && (routed = curvedCourse(link, a, b))) {
      [d, mid, along] = routed;
    } else if (link.bend) {
      [d, mid, along] = bentCourse(link.bend, a, b);
    } else {
      const start = edgePoint(b.data, a.data, a), end = edgePoint(a.data, b.data, b);
      d = "M" + start.x + "," + start.y + " L" + end.x + "," + end.y;
      along = function (t) {
        return {x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t};
      };
      mid = along(0.5);
    }
    const group = svgEl("g", {"class": "link"});
    group.dataset.id = link.id;
    const [tail, head] = link.ends;
    const [drawn, cut] = underMarks(d, [markCut(link, tail), markCut(link, head)]);
    const line = svgEl("path", {"class": "line", d: drawn});
    const mark = function (kind, under) {
      const width = under ? STROKE_PX * link.width : 0;
      return "url(#" + arrowMarker(link.arrow, kind, link.color, width) + ")";
    };
    if (head) line.setAttribute("marker-end", mark(head, cut[1]));
    if (tail) line.setAttribute("marker-start", mark(tail, cut[0]));
    const stroke = [];
    if (link.color) stroke.push("stroke:" + link.color);
    if (link.dash) stroke.push("stroke-dasharray:" + link.dash);
    if (link.width !== 1) stroke.push("--w:" + link.width);
    if (stroke.length) line.setAttribute("style", stroke.join(";"));
    group.appendChild(line);
    const hit = svgEl("path", {"class": "hit", d: d});
    if (link.width !== 1) {
      line.classList.add("wide");
      hit.classList.add("wide");
      hit.setAttribute("style", "--w:" + link.width);
    }
    group.appendChild(hit);
    let phrase = null;
    if (link.label && (link.phrase || !meeting)) {
      // On lines no wider than the window's (PHRASE_WIDTH): on one line, "received
      // breakthrough-therapy designation for some forms of" ran into its neighbours.
      let lines, at = mid;
      if (along) [lines, at] = placePhrase(link.label, along, mid);
      else lines = breakLines(link.label, PHRASE_WIDTH, phraseMeasure);
      phrase = svgEl("text", {x: at.x, y: at.y});
      phrase.dataset.id = link.id;
      writeLines(phrase, lines, at.x, at.y, PHRASE_STEP);
      phrase.addEventListener("click", function (event) {
        event.stopPropagation();
        select(link.id);
      });
      phraseLayer.appendChild(phrase);
    }
    group.addEventListener("click", function (event) { event.stopPropagation(); select(link.id); });
    linkLayer.appendChild(group);
    links.set(link.id, {data: link, element: group, phrase: phrase});
    a.links.push(link.id);
    if (b !== a) b.links.push(link.id);
  }

  // --- groups: a titled frame behind the members, or one box for a collapsed group ----------
  function parentOf(id) {
    const entry = nodes.get(id);
    const parent = entry ? entry.data.parent : "";
    return parent && parent !== id && nodes.has(parent) ? parent : "";
  }
  function groupsAround(id) {
    const found = [];
    for (let p = parentOf(id); p && found.indexOf(p) < 0; p = parentOf(p)) found.push(p);
    return found;
  }
  function shownEnd(id) {
    let end = id;
    for (const group of groupsAround(id)) if (nodes.get(group).data.collapsed) end = group;
    return end;
  }
  // A frame's title placed as its file places it (title_at), as the window's GroupItem writes
  // it: "left", "centre" or "right" on a header band in the group's own colour (yEd's), or
  // "above" the frame's top-left corner, outside it (Obsidian's); on one line where it can.
  const HEADERS = new Set(["left", "centre", "right"]);
  const HEADER_TINT = @HEADER_TINT@;  // mapviewer.groups: how pale a header's frame is inside
  const TITLE_PAD = 6;  // a placed title's room from the frame's side (scene.groupframe)
  const TITLE_WRAP = 4 * 200;  // a placed title wraps at four labels' widths (scene.groupframe)
  function placeTitle(heading, data) {
    // The title written again on as few lines as TITLE_WRAP allows: its width and band height,
    // in the frame's own text size (data.size) as drawNode letters it.
    const scale = data.size ? data.size / 13 : 1, step = 16 * scale;
    const lines = breakLines(data.label, TITLE_WRAP / scale, measure);
    heading.textContent = "";
    writeLines(heading, lines, 0, 0, step);
    return [widestLine(lines, measure) * scale, lines.length * step + 14];
  }
  function headerBand(w, h, band) {
    // The band across a frame's top, its top corners rounded as the frame's, inside its border.
    const l = -w / 2 + 0.9, r = w / 2 - 0.9, t = -h / 2 + 0.9, c = Math.min(8, band);
    const arc = "A" + c + " " + c + " 0 0 1 ";
    return "M" + l + " " + (t + band - 0.9) + "V" + (t + c) + arc + (l + c) + " " + t +
      "H" + (r - c) + arc + r + " " + (t + c) + "V" + (t + band - 0.9) + "Z";
  }
  function heldBox(entry) {
    // What a frame holding this one must enclose: its box and a title written above it (the
    // window's GroupItem.held_box).
    const d = entry.data, left = d.x - entry.w / 2, top = d.y - entry.h / 2;
    const above = entry.above || [0, 0];
    return [left, top - above[1], Math.max(d.x + entry.w / 2, left + above[0]),
      d.y + entry.h / 2];
  }
  function frameGroups() {
    const members = new Map();
    nodes.forEach(function (entry, id) {
      const parent = parentOf(id);
      if (!parent) return;
      if (!members.has(parent)) members.set(parent, []);
      members.get(parent).push(entry);
    });
    nodes.forEach(function (entry, id) {  // a band across other groups: a frame holding none
      if (entry.data.own_frame && !entry.data.collapsed && !members.has(id)) members.set(id, []);
    });
    const order = Array.from(members.keys());
    order.sort(function (a, b) { return groupsAround(b).length - groupsAround(a).length; });
    for (const id of order) {
      const group = nodes.get(id);
      // The rectangle its file drew the group as (mapviewer.groups.kept_frame): the frame
      // exactly while it holds the members, else stretched round those outside it.
      const least = group.data.least, gx = group.data.x, gy = group.data.y;
      const own = least ? [gx - least[0] / 2, gy - least[1] / 2, gx + least[0] / 2,
        gy + least[1] / 2] : null;
      let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
      for (const m of members.get(id)) {
        const held = heldBox(m);
        left = Math.min(left, held[0]);
        right = Math.max(right, held[2]);
        top = Math.min(top, held[1]);
        bottom = Math.max(bottom, held[3]);
      }
      const drawn = group.element.firstElementChild;  // the outline, in the group's own shape
      group.data.x = (left + right) / 2;
      group.data.y = (top + bottom) / 2;
      if (group.data.collapsed) {  // a stack of cards: a second outline peeks out behind
        const back = drawn.cloneNode();
        back.setAttribute("transform", "translate(4 4)");
        group.element.insertBefore(back, drawn);
      } else {
        const rect = svgEl("rect", {rx: 9, stroke: drawn.getAttribute("stroke") || "#5b6770"});
        if (group.data.outline) rect.setAttribute("style", group.data.outline);
        group.element.replaceChild(rect, drawn);  // a frame is a rectangle whatever its shape
        const heading = group.element.querySelector("text");
        const at = group.data.title_at, header = HEADERS.has(at);
        const [titleWidth, title] = at ? placeTitle(heading, group.data) : [0, group.h];
        const band = group.title = at === "above" ? 0 : title;
        if (at === "above") group.above = [titleWidth + TITLE_PAD, title];
        const holds = own && own[0] <= left && own[1] + band <= top && right <= own[2] &&
          bottom <= own[3] && (!header || own[2] - own[0] >= titleWidth + 28);
        left -= 14; right += 14; top -= 14 + band; bottom += 14;
        const short = header ? titleWidth + 28 - (right - left) : 0;
        if (short > 0) { left -= short / 2; right += short / 2; }  // wide enough for its title
        if (holds || !members.get(id).length) [left, top, right, bottom] = own;
        else if (own) {
          left = Math.min(left, own[0]); top = Math.min(top, own[1]);
          right = Math.max(right, own[2]); bottom = Math.max(bottom, own[3]);
        }
        group.w = right - left;
        group.h = bottom - top;
        group.data.x = left + group.w / 2;
        group.data.y = top + group.h / 2;
        const color = kindColor(group.data);
        for (const [name, value] of [["x", -group.w / 2], ["y", -group.h / 2],
            ["width", group.w], ["height", group.h],
            ["fill", group.data.inside || tint(color, header ? HEADER_TINT : 0.08)]]) {
          rect.setAttribute(name, String(value));
        }
        if (header) {  // a band in the group's own colour, its title in the group's text colour
          rect.after(svgEl("path", {d: headerBand(group.w, group.h, band), fill: color,
            stroke: "none"}));
        } else if (at !== "above") {
          rect.after(svgEl("rect", {x: -group.w / 2, y: -group.h / 2, width: group.w,
            height: band, rx: 9, fill: tint(color, 0.3), stroke: "none"}));
        }
        const x = at === "above" ? -group.w / 2 : at === "left" ? -group.w / 2 + TITLE_PAD
          : at === "right" ? group.w / 2 - TITLE_PAD : 0;
        const y = at === "above" ? -group.h / 2 - title / 2 : band / 2 - group.h / 2;
        heading.setAttribute("transform", "translate(" + x + " " + y + ")");
        heading.removeAttribute("style");  // a frame's title sits on its pale band, not a fill
        const anchor = at === "above" || at === "left" ? "start" : at === "right" ? "end" : "";
        const ink = header ? look(group.data).ink : "";
        // Its own text size kept: yEd's 16 px FPGA frame was titled in the page's 13 px.
        const size = group.data.size ? "font-size:" + group.data.size + "px;" : "";
        const style = size + (anchor ? "text-anchor:" + anchor + ";" : "") +
          (ink ? "fill:" + ink : "");
        if (style) heading.setAttribute("style", style);
        group.element.classList.add("frame");
        frameLayer.prepend(group.element);  // behind links and members; outer frames first
      }
      const centre = "translate(" + group.data.x + " " + group.data.y + ")";
      group.element.setAttribute("transform", centre);
    }
    nodes.forEach(function (entry, id) {
      if (shownEnd(id) !== id) entry.element.setAttribute("display", "none");
    });
  }

  // --- bundles: too far to read, the links between two groups are one line --------------
  // As the window draws them (mapviewer.scene.bundles): when no link's phrase can be read,
  // the links between two outermost frames (or a frame and a concept outside any) are one
  // line, edge to edge, as wide as the log of their count, with the count on it. At fit the
  // default map's page drew its 299 links as a grey hairball over the themes. Links inside a
  // frame, pairs joined by one link and the selected concept's links stay as they are, every
  // link does while a search or a clicked bundle lights some, and so does every link of a map
  // with fewer than BUNDLE.from between groups. A click on a bundle lists its links.
  const BUNDLE = @BUNDLE@;  // mapviewer.groups: BUNDLE_FROM, MIN_BUNDLE and COUNT_AT
  const PHRASE_PX = 11, READABLE_PX = 4.5;  // .link text's size; the window's MIN_READABLE_PX
  const GRAB_PX = 4, COUNT_PX = 10;
  const countLayer = svgEl("g", {id: "bundle-counts"});  // screen pixels, under the names
  let bundles = [];  // {ends: [entry, entry], links: [ids], line: [x0, y0, x1, y1], title}
  let bundledShown = false;  // whether the bundles are drawn now, their links hidden
  let lit = null;  // the links of the bundle last clicked, drawn on their own and marked
  let filtered = false;  // a search fades what it did not find
  function isFrame(entry) { return entry.element.classList.contains("frame"); }
  function markLink(entry, name, on) {
    // A link's line and its phrase, which lies in the layer above every line.
    entry.element.classList.toggle(name, on);
    if (entry.phrase) entry.phrase.classList.toggle(name, on);
  }
  function bundleEnd(id) {
    let end = nodes.get(shownEnd(id));
    for (const group of groupsAround(end.data.id)) {
      if (isFrame(nodes.get(group))) end = nodes.get(group);
    }
    return end;
  }
  function far() { return view.k * PHRASE_PX < READABLE_PX; }
  function makeBundles() {
    // Which links are bundled follows the selection, a search and a clicked bundle, not the
    // zoom: made again when those change.
    showBundles(false);
    const pairs = new Map();
    let between = 0;
    if (!lit && !filtered) {
      links.forEach(function (entry, id) {
        const link = entry.data;
        if (id === selected || link.source === selected || link.target === selected ||
            id === walked) return;
        let a = bundleEnd(link.source), b = bundleEnd(link.target);
        if (a === b || !(isFrame(a) || isFrame(b))) return;
        if (b.data.id < a.data.id) [a, b] = [b, a];
        const key = a.data.id + "\n" + b.data.id;
        if (!pairs.has(key)) pairs.set(key, {ends: [a, b], links: []});
        pairs.get(key).links.push(id);
        between++;
      });
    }
    const keys = Array.from(pairs.keys()).sort();
    bundles = between < BUNDLE.from ? [] : keys.map(function (key) { return pairs.get(key); })
      .filter(function (b) { return b.links.length >= BUNDLE.least; });
    bundleLayer.replaceChildren();
    for (const b of bundles) drawBundle(b);
    showBundles(far());
  }
  function drawBundle(b) {
    const [a, z] = b.ends;
    const start = edgePoint(z.data, a.data, a), end = edgePoint(a.data, z.data, z);
    b.line = [start.x, start.y, end.x, end.y];
    b.title = b.links.length + " links between " + a.data.label + " and " + z.data.label +
      ": click to show them";
    const colours = new Set(b.links.map(function (id) { return links.get(id).data.color; }));
    const width = 1 + 1.5 * Math.log2(b.links.length);  // 2 links 2.5 px, 32 links 8.5 px
    const group = svgEl("g", {"class": "bundle"});
    group.dataset.ends = a.data.id + " " + z.data.id;
    const ends = {x1: start.x, y1: start.y, x2: end.x, y2: end.y};
    const line = svgEl("line", Object.assign({"class": "line", "stroke-width": width}, ends));
    const only = colours.size === 1 ? colours.values().next().value : "";
    if (only) line.setAttribute("style", "stroke:" + only);
    const hit = svgEl("line", Object.assign({"class": "hit", "stroke-width": width + 2 * GRAB_PX},
      ends));
    const title = svgEl("title", {});
    title.textContent = b.title;
    group.append(title, line, hit);
    group.addEventListener("click", function (event) { event.stopPropagation(); showBundle(b); });
    bundleLayer.appendChild(group);
  }
  function showBundles(on) {
    on = on && bundles.length > 0;
    if (on !== bundledShown) {
      bundledShown = on;
      for (const b of bundles) {
        for (const id of b.links) markLink(links.get(id), "in-bundle", on);
      }
      bundleLayer.setAttribute("display", on ? "inline" : "none");
    }
    countLayer.replaceChildren();
    if (on) placeCounts();
  }
  function placeCounts() {
    // Each count at its bundle's middle, the biggest first, or further along where the middle
    // would cover another count (where frames meet, counts piled up) or lie under a name,
    // then beside it.
    const taken = [];
    const named = function (x, y, w, h) {
      return namePlaces.some(function (r) {
        return r[0] - GAP < x + w / 2 && x - w / 2 < r[2] + GAP && r[1] - GAP < y + h / 2 &&
          y - h / 2 < r[3] + GAP;
      });
    };
    const order = bundles.slice().sort(function (a, b) { return b.links.length - a.links.length; });
    for (const b of order) {
      const text = String(b.links.length);
      const w = measure.measureText(text).width * COUNT_PX / 13 + 8, h = COUNT_PX + 4;
      const dx = b.line[2] - b.line[0], dy = b.line[3] - b.line[1];
      const length = Math.hypot(dx, dy) || 1;
      const away = Math.max(w, h) / 2 + 2;  // beside the line, when all of it is under names
      const spots = [];
      for (const side of [0, 1, -1, 2, -2]) {
        for (const t of BUNDLE.countAt) {
          spots.push([view.x + view.k * (b.line[0] + t * dx) - side * away * dy / length,
            view.y + view.k * (b.line[1] + t * dy) + side * away * dx / length]);
        }
      }
      const spot = spots.find(function (p) {
        return !named(p[0], p[1], w, h) && !taken.some(function (r) {
          return Math.abs(r[0] - p[0]) < (r[2] + w) / 2 && Math.abs(r[1] - p[1]) < (r[3] + h) / 2;
        });
      }) || spots.find(function (p) { return !named(p[0], p[1], w, h); });
      if (!spot) continue;  // names cover every place near it: its line and tooltip remain
      taken.push([spot[0], spot[1], w, h]);
      const chip = svgEl("g", {transform: "translate(" + spot[0] + " " + spot[1] + ")"});
      chip.dataset.ends = b.ends[0].data.id + " " + b.ends[1].data.id;
      const title = svgEl("title", {});
      title.textContent = b.title;
      const label = svgEl("text", {});
      label.textContent = text;
      chip.append(title, svgEl("rect", {x: -w / 2, y: -h / 2, width: w, height: h, rx: h / 2}),
        label);
      chip.addEventListener("click", function (event) { event.stopPropagation(); showBundle(b); });
      countLayer.appendChild(chip);
    }
  }
  function showBundle(b) {
    // Its links, each on its own and marked, framed on the screen, listed in the panel.
    const [a, z] = b.ends;
    unmark();
    selected = null;
    lit = b.links.slice();
    for (const id of lit) markLink(links.get(id), "selected", true);
    panel.replaceChildren(heading(b.links.length + " links between " + a.data.label + " and " +
      z.data.label));
    const list = htmlEl("ul", "links");
    for (const id of lit) {
      const link = links.get(id).data;
      const item = htmlEl("li");
      const go = htmlEl("button", "ref", link.label || "\u2192");
      go.type = "button";
      go.addEventListener("click", function () { openDetails(link.id, true); });
      item.append(ref(link.source), " ", go, " ", ref(link.target));
      list.appendChild(item);
    }
    panel.appendChild(list);
    delete panel.dataset.selected;
    panel.dataset.bundle = b.links.length;
    history.replaceState(null, "", location.pathname + location.search);
    makeBundles();
    const boxes = [a, z].map(function (e) {
      return [e.data.x - e.w / 2, e.data.y - e.h / 2, e.data.x + e.w / 2, e.data.y + e.h / 2];
    });
    frameBox(Math.min(boxes[0][0], boxes[1][0]), Math.min(boxes[0][1], boxes[1][1]),
      Math.max(boxes[0][2], boxes[1][2]), Math.max(boxes[0][3], boxes[1][3]));
  }

  // --- names: zoomed out, the main concepts are named readably (mapviewer.scene.hubnames) --
  // At fit a map of a hundred concepts draws its labels a few pixels tall. The few most
  // linked over their own box, groups' titles, then the concepts with the most links, get
  // their name at the labels' own size, in their kind's colours; a name never covers another
  // name nor another concept's box (a frame's inside is canvas: only its title band counts),
  // and one finding no room is left out. The names live in screen pixels, over the map, and
  // follow every pan and zoom.
  const nameLayer = svgEl("g", {id: "names"});
  const LEGIBLE_PX = 8;  // labels smaller than this on screen get a name
  const LABEL_PX = 13, LINE_PX = 16, MAX_NAME_WIDTH = 170, PAD_X = 6, PAD_Y = 3;
  const WIDE_NAME_WIDTH = 1.25 * MAX_NAME_WIDTH;  // two lines this wide before eliding
  // How high most of the map's labels are (data.label_px, their own text size; else the
  // page's 13 px): names come when those no longer read, as the window's MapScene.label_px.
  // A CmapTools map's 12 px labels went unnamed at 7.4 px on screen, judged as 13 px.
  const MAP_LABEL_PX = data.label_px || LABEL_PX;
  const GAP = 3, EDGE = 4, MAX_EXAMINED = 3000, MAX_MISSES = 80, CELL = 256;
  const LEADER_GAP = 6, BESIDE_UP_TO = 40;  // the first names may sit beside their box...
  const FAR_UP_TO = 10;  // ...and the most linked a little farther
  const FAR_STEPS = 4;  // (this many names' widths or heights away at most)
  const FIRST_HUBS = 6;  // the most linked concepts, named before the frames' titles
  // A concept of this many links or more is a main one, named at fit as the FIRST_HUBS are
  // (the window's hubnames.MAIN_LINKS): Ipilimumab and Immune system (11 links each) went
  // unnamed in a full-HD page while concepts of 3 links were named.
  const MAIN_LINKS = 10;
  const MAIN_UP_TO = 15;  // ...among this many most linked (each left out costs a gap's search)
  // Pixels at most between a theme's centre's box and its name set in the nearest gap (the
  // window's hubnames.NEAR_PX): farther, the name reads as a concept of that place.
  const NEAR_PX = 120;
  const GAP_TRIES = 1500;  // places one search for the nearest gap tries
  const SHORTER_PX = 110, SHORTEST_PX = 70;  // a selected name shortened, last, to these widths
  // A frame's title's forms (lines) and places (titleSpots), best first: the window's (one
  // line, then two, along the top edge, then in a tab beside a top corner), then along its
  // bottom edge.
  // "edge": a few pixels off the top edge's rows, just clear of whatever is in the way (the
  // window's hubnames._Placer.between); lines 0: a name too long for one line, on one line.
  const TITLE_TRIES = [[1, "top"], [2, "top"], [1, "edge"], [2, "edge"], [0, "top"],
    [0, "edge"], [1, "tabs"], [2, "tabs"], [1, "tab edge"], [2, "tab edge"], [1, "bottom"],
    [2, "bottom"]];
  const nameMeasure = document.createElement("canvas").getContext("2d");
  function nameWidth(text) { return nameMeasure.measureText(text).width; }
  nameMeasure.font = "600 13px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', " +
    "sans-serif";
  let boxCells = null;  // the shown boxes in scene units, filed in a grid of CELL
  let nameOrder = [];  // frames first, then concepts most linked first (shorter label on a tie)
  let themeMains = [];  // each frame's most linked concept, most linked first
  let mainHubs = [];  // the concepts of MAIN_LINKS links or more, most linked first
  const nameTexts = new Map();
  // The canvas's size, read when it changes: reading it per frame made the browser lay out
  // the whole drawing again after each zoom step (+0.5 s a step on a 20k-concept page).
  let screen = {width: 0, height: 0};
  function measureScreen() {
    const box = svg.getBoundingClientRect();
    screen = {width: box.width, height: box.height};
  }
  function boxOf(entry) {
    const d = entry.data;
    if (entry.above) {  // a frame titled above its corner: that title, kept clear of names
      const left = d.x - entry.w / 2, top = d.y - entry.h / 2;
      return [left, top - entry.above[1], left + entry.above[0], top];
    }
    const bottom = entry.element.classList.contains("frame") ? d.y - entry.h / 2 + entry.title
      : d.y + entry.h / 2;
    return [d.x - entry.w / 2, d.y - entry.h / 2, d.x + entry.w / 2, bottom];
  }
  function prepareNames() {
    measureScreen();
    boxCells = new Map();
    const degree = linkCounts();
    const frames = [];
    const concepts = [];
    nodes.forEach(function (entry, id) {
      if (entry.element.getAttribute("display") === "none") return;  // in a closed group
      const box = boxOf(entry);
      for (let cx = Math.floor(box[0] / CELL); cx <= Math.floor(box[2] / CELL); cx++) {
        for (let cy = Math.floor(box[1] / CELL); cy <= Math.floor(box[3] / CELL); cy++) {
          const key = cx + "," + cy;
          if (!boxCells.has(key)) boxCells.set(key, []);
          boxCells.get(key).push([box, entry]);
        }
      }
      (entry.element.classList.contains("frame") ? frames : concepts).push(entry);
    });
    concepts.sort(function (a, b) {
      return (degree.get(b.data.id) || 0) - (degree.get(a.data.id) || 0) ||
        a.data.label.length - b.data.label.length;
    });
    // Each frame's most linked concept of its own (not an inner frame's): the centre of its
    // theme, named after the titles as the window's hubnames._theme_mains. At fit in full HD
    // the page named 8 of the default map's 13 (Chemotherapy, Lymphoma, Biomarkers left out).
    const mains = new Set();
    for (const frame of frames) {
      const main = concepts.find(function (e) { return parentOf(e.data.id) === frame.data.id; });
      if (main) mains.add(main);
    }
    themeMains = concepts.filter(function (e) { return mains.has(e); });
    mainHubs = concepts.slice(0, MAIN_UP_TO).filter(function (e) {
      return (degree.get(e.data.id) || 0) >= MAIN_LINKS;
    });
    nameOrder = frames.concat(concepts);
  }
  function meetsBox(rect, own) {
    for (let cx = Math.floor(rect[0] / CELL); cx <= Math.floor(rect[2] / CELL); cx++) {
      for (let cy = Math.floor(rect[1] / CELL); cy <= Math.floor(rect[3] / CELL); cy++) {
        for (const [box, entry] of boxCells.get(cx + "," + cy) || []) {
          if (entry !== own && box[0] < rect[2] && rect[0] < box[2] && box[1] < rect[3] &&
              rect[1] < box[3]) return true;
        }
      }
    }
    return false;
  }
  function nameLines(label) {
    // One line if it fits; else two; only then without its brackets; then two lines up to
    // WIDE_NAME_WIDTH (as the window's hubnames); elided last.
    let found = nameTexts.get(label);
    if (found) return found;
    const line = String(label).split(/\s+/).join(" ");
    const fits = function (lines, room) {
      return lines.length <= 2 && lines.every(function (l) { return nameWidth(l) <= room; });
    };
    found = null;
    const bare = bareName(line);
    for (const room of [MAX_NAME_WIDTH, WIDE_NAME_WIDTH]) {
      for (const text of [line, bare]) {
        const lines = nameWidth(text) <= MAX_NAME_WIDTH ? [text]
          : breakLines(text, room, nameMeasure);
        if (text && fits(lines, room)) { found = lines; break; }
      }
      if (found) break;
    }
    if (!found) {
      const lines = breakLines(line, MAX_NAME_WIDTH, nameMeasure).map(function (l) {
        return elide(l);
      });
      found = lines.length > 1 ? [lines[0], elide(lines.slice(1).join(" "))] : lines;
    }
    nameTexts.set(label, found);
    return found;
  }
  function bareName(line) {  // without its brackets: "Immune selection (immunoediting)"
    return line.replace(/\s*\([^()]*\)/g, " ").split(/\s+/).join(" ").trim();
  }
  function elide(text, room) {
    const most = room || MAX_NAME_WIDTH;
    if (nameWidth(text) <= most) return text;
    let cut = text.length;
    while (cut > 1 && nameWidth(text.slice(0, cut) + "\u2026") > most) cut--;
    return text.slice(0, cut).trimEnd() + "\u2026";
  }
  function spots(entry, w, h, steps) {
    // Where a concept's name may go, best first (as the window's hubnames): over its box, then
    // beside it, above, below, right, left, ``steps`` times farther out, with a leader from
    // the box. Each is [x, y, leader or null] in screen pixels.
    const d = entry.data, k = view.k;
    const x = view.x + k * d.x, y = view.y + k * d.y;
    const bw = k * entry.w / 2, bh = k * entry.h / 2;
    const found = [[x, y, null]];
    for (let step = 0; step < steps; step++) {
      const far = LEADER_GAP + step * (h + GAP), side = LEADER_GAP + step * (w / 2 + GAP);
      found.push([x, y - bh - far - h / 2, [x, y - bh, x, y - bh - far]]);
      found.push([x, y + bh + far + h / 2, [x, y + bh, x, y + bh + far]]);
      found.push([x + bw + side + w / 2, y, [x + bw, y, x + bw + side, y]]);
      found.push([x - bw - side - w / 2, y, [x - bw, y, x - bw - side, y]]);
    }
    return found;
  }
  function nearSpots(entry, w, h, near) {
    // The places nearest its box, anywhere in the view, with the name at most ``near``
    // pixels off the box, on a grid half a name wide and half a name tall (the window's
    // hubnames.nearest_gap and nearest_clear): a theme's centre or a selected concept whose
    // usual places are all taken by other boxes. Each is [x, y, leader's start] on screen.
    const d = entry.data, k = view.k;
    const x = view.x + k * d.x, y = view.y + k * d.y;
    const bw = k * entry.w / 2, bh = k * entry.h / 2;
    // A gap near its box is looked for more finely, an eighth of a name wide and tall, and
    // only that near: at a quarter, at 1366x768 the one hole by "Resistance to immunotherapy"
    // (amid its theme's chips) fell between the grid's points, which the window's
    // nearest_clear finds just clear of what is in the way.
    const fine = near < Infinity ? 8 : 2;
    const stepX = Math.max(w / fine, 8), stepY = (h + GAP) / fine;
    const found = [];
    const reachX = Math.min(bw + near + w, screen.width), reachY = Math.min(bh + near + h,
      screen.height);
    const lo = Math.ceil((Math.max(EDGE, x - reachX) + w / 2 - x) / stepX);
    const hi = Math.floor((Math.min(screen.width - EDGE, x + reachX) - w / 2 - x) / stepX);
    const up = Math.ceil((Math.max(EDGE, y - reachY) + h / 2 - y) / stepY);
    const down = Math.floor((Math.min(screen.height - EDGE, y + reachY) - h / 2 - y) / stepY);
    for (let i = lo; i <= hi; i++) {
      for (let j = up; j <= down; j++) {
        const sx = x + i * stepX, sy = y + j * stepY;
        const offX = Math.abs(sx - x) - bw - w / 2, offY = Math.abs(sy - y) - bh - h / 2;
        if (offX < LEADER_GAP && offY < LEADER_GAP) continue;  // on or touching its box
        const away = Math.hypot(Math.max(offX, 0), Math.max(offY, 0));
        if (away > near) continue;
        const from = [Math.min(Math.max(sx, x - bw), x + bw), Math.min(Math.max(sy, y - bh),
          y + bh)];
        found.push([away, Math.hypot(sx - x, sy - y), [sx, sy, [from[0], from[1], from[0],
          from[1]]]]);
      }
    }
    // Within ``near``, nearest its centre as the crow flies, as the window's nearest_clear.
    found.sort(near < Infinity ? function (a, b) { return a[1] - b[1] || a[0] - b[0]; }
      : function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, GAP_TRIES).map(function (f) { return f[2]; });
  }
  function titleSpots(entry, w, h, edge, placed) {
    // Where a frame's title may go, as the window's hubnames._title tries: along its "top"
    // edge (on its title band, just above or below the edge, centred on it, or a line or two
    // lower inside the frame), or in "tabs" beside its top corners; and past the window's
    // tries, along its "bottom" edge, a caption, where members crowd the top. Each is
    // [x, y, null] in screen pixels, moved in whole from the canvas's edges, as the window
    // moves them: a frame along the map's edge had its title refused there.
    const k = view.k, x = view.x + k * entry.data.x, y = view.y + k * entry.data.y;
    const top = y - k * entry.h / 2, bottom = y + k * entry.h / 2, band = k * entry.title;
    const left = x - k * entry.w / 2, right = x + k * entry.w / 2;
    const inX = function (v) {
      return Math.min(Math.max(v, EDGE + w / 2), screen.width - EDGE - w / 2);
    };
    const inY = function (v) {
      return Math.min(Math.max(v, EDGE + h / 2), screen.height - EDGE - h / 2);
    };
    const tabs = [inX(right + GAP + w / 2), inX(left - GAP - w / 2)];
    if (edge === "tabs") return tabs.map(function (tx) { return [tx, inY(top), null]; });
    if (edge === "tab edge") return edgeSpots(entry, tabs, top, w, h, placed);
    // The middle, the two ends, then every quarter of the name's width nearest the middle
    // first (the window's hubnames._along): the middle and ends were often taken by a member
    // right under the band while a gap between two members further along was free.
    const along = [x, left + w / 2, right - w / 2];
    // A title its file places is tried there first, as the window's hubnames._title does: at
    // the left or right end of the top edge, or just above it at its left.
    const at = entry.data.title_at;
    along.unshift(along.splice({left: 1, above: 1, right: 2}[at] || 0, 1)[0]);
    const step = Math.max(w / 4, 4);
    const between = [];
    for (let c = left + w / 2 + step; c < right - w / 2; c += step) between.push(c);
    between.sort(function (a, b) { return Math.abs(a - x) - Math.abs(b - x); });
    if (edge === "edge") {
      // and every few pixels a quarter of the title's width either way: a title wider than
      // its frame had only its middle and two ends, "The immune system and cancer" at
      // 1280x800 fitted 25 pixels left of them
      const lo = Math.min(left + w / 2, right - w / 2) - w / 4;
      const hi = Math.max(left + w / 2, right - w / 2) + w / 4;
      const slide = [];
      for (let c = lo; c <= hi; c += 4) slide.push(c);
      slide.sort(function (a, b) { return Math.abs(a - x) - Math.abs(b - x); });
      return edgeSpots(entry, along.concat(between, slide).map(inX), top, w, h, placed);
    }
    const rows = edge === "bottom" ? [bottom + h / 2 + GAP, bottom, bottom - h / 2]
      : at === "above" ? [top - h / 2 - GAP, top + band / 2, top + h / 2, top, top - h, top + h,
        top + 1.5 * h]
      : [top + band / 2, top - h / 2 - GAP, top + h / 2, top, top - h, top + h, top + 1.5 * h]
        .filter(function (ty) { return ty <= top + h / 2 || ty + h / 2 <= bottom; });
    const found = [];
    for (const ty of rows) {
      for (const tx of along.concat(between)) found.push([inX(tx), inY(ty), null]);
    }
    return found;
  }
  function edgeSpots(entry, xs, top, w, h, placed) {
    // A frame's title from a line above its top edge to a line below it, just under or just
    // over each name or box in its way, its middle nearest the edge first (the window's
    // hubnames._Placer.between): the usual rows are half a line apart, and at 1280x800 three
    // of the default map's frames went untitled while a title a few pixels off them hid
    // nothing. Each is [x, y, null] in screen pixels.
    const k = view.k, low = top - h, high = top + h;
    const found = [];
    xs.forEach(function (cx, order) {
      const left = cx - w / 2, right = cx + w / 2;
      const spans = [];  // where the title's top may not be
      for (const r of placed) {
        if (r[0] - GAP < right && left < r[2] + GAP) spans.push([r[1] - GAP - h, r[3] + GAP]);
      }
      const sl = (left - GAP - view.x) / k, sr = (right + GAP - view.x) / k;
      const st = (low - 2 * GAP - view.y) / k, sb = (high + h + 2 * GAP - view.y) / k;
      for (let gx = Math.floor(sl / CELL); gx <= Math.floor(sr / CELL); gx++) {
        for (let gy = Math.floor(st / CELL); gy <= Math.floor(sb / CELL); gy++) {
          for (const [box, other] of boxCells.get(gx + "," + gy) || []) {
            if (other !== entry && box[0] < sr && sl < box[2]) {
              spans.push([view.y + k * box[1] - GAP - h, view.y + k * box[3] + GAP]);
            }
          }
        }
      }
      const tops = [low, high];
      for (const [a, b] of spans) tops.push(a, b);
      for (const t of tops) {
        const y = Math.min(Math.max(t, EDGE), screen.height - EDGE - h);
        if (y < low - 0.01 || y > high + 0.01) continue;
        if (spans.some(function (sp) { return sp[0] + 0.01 < y && y < sp[1] - 0.01; })) continue;
        found.push([Math.abs(y + h / 2 - top), order, [cx, y + h / 2, null]]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.map(function (f) { return f[2]; });
  }
  function within(spot, w, h) {
    // A name beside its box moved into the view (at the map's top edge, the best-linked
    // concept's name had no room above it); its leader then runs to the name's nearest point.
    const x = Math.min(Math.max(spot[0], EDGE + w / 2), screen.width - EDGE - w / 2);
    const y = Math.min(Math.max(spot[1], EDGE + h / 2), screen.height - EDGE - h / 2);
    const from = spot[2];
    const to = [Math.min(Math.max(from[0], x - w / 2), x + w / 2),
      Math.min(Math.max(from[1], y - h / 2), y + h / 2)];
    return [x, y, [from[0], from[1], to[0], to[1]]];
  }
  function crosses(line, rect) {
    // Whether the segment (x0, y0, x1, y1) runs through the inside of rect (Liang-Barsky).
    let t0 = 0, t1 = 1;
    const dx = line[2] - line[0], dy = line[3] - line[1];
    const sides = [[-dx, line[0] - rect[0]], [dx, rect[2] - line[0]],
      [-dy, line[1] - rect[1]], [dy, rect[3] - line[1]]];
    for (const [p, q] of sides) {
      if (p === 0) { if (q <= 0) return false; continue; }
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t); else t1 = Math.min(t1, t);
      if (t0 >= t1) return false;
    }
    return true;
  }
  function leaderMeets(line, placed) {
    // A leader may cross other concepts' boxes, as links do (the window's hubnames): kept off
    // every box, the default map's Immune checkpoint inhibitors, CAR T-cell therapy and Cancer
    // cells went unnamed at 1280x800 while concepts of 3 links were named. It never crosses a
    // name or another leader.
    return placed.some(function (r) { return crosses(line, r); });
  }
  function leaderPieces(line) {
    // A leader's path, claimed in pieces a line tall: a slanting one claims a strip, not its
    // bounding box, and a name placed later hides none of it.
    const length = Math.hypot(line[2] - line[0], line[3] - line[1]);
    const pieces = Math.max(1, Math.floor(length / LINE_PX) + 1);
    const at = function (t) {
      return [line[0] + (line[2] - line[0]) * t, line[1] + (line[3] - line[1]) * t];
    };
    const found = [];
    for (let k = 0; k < pieces; k++) {
      const a = at(k / pieces), b = at((k + 1) / pieces);
      found.push([Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]),
        Math.max(a[1], b[1])]);
    }
    return found;
  }
  let namePlaces = [];  // the names' and leaders' rects on screen, which counts keep clear of
  const nameRects = new Map();  // a named item's id -> its name's rect on screen
  let futile = "";  // the scale, screen and main concepts left out where naming them first
  // named no more of them
  function restart() {  // no names drawn yet: the places they claim, to fill
    nameLayer.replaceChildren();
    namePlaces = [];
    nameRects.clear();
    return namePlaces;
  }
  function placeNames() {
    // The names, then the bundles' counts round them: a count under a name can be neither
    // read nor clicked (the default map's 17, under Immune checkpoint inhibitors at 1280x800).
    restart();
    if (boxCells !== null && view.k * MAP_LABEL_PX < LEGIBLE_PX) {
      const first = chooseNames(namePlaces, []);
      const shown = mainHubs.filter(function (e) { return first.shown.has(e); });
      const missed = shown.filter(function (e) { return !first.named.has(e); });
      const tried = [view.k, screen.width, screen.height].concat(missed.map(function (e) {
        return e.data.id;
      })).join(" ");
      // (most are named, so the others may fit; and a pan at the scale where choosing again
      // did not help does not try again: it tripled the cost of a frame)
      if (missed.length > 0 && 2 * missed.length <= shown.length && tried !== futile) {
        // A main concept left unnamed because titles and other hubs' names took every place
        // near it: the main concepts named first, most linked first, before the titles; kept
        // if more of them are named and no more frames go untitled (the window's
        // hubnames.place).
        const again = chooseNames(restart(), shown);
        const count = function (choice) {
          return mainHubs.filter(function (e) { return choice.named.has(e); }).length;
        };
        if (again.untitled > first.untitled || count(again) <= count(first)) {
          futile = tried;
          chooseNames(restart(), []);
        }
      }
    }
    showBundles(far());
    drawRing();
  }

  // --- the focus ring: where the keyboard is on the map -----------------------------------
  // The focused item's box outlined in screen pixels, over the names: the box's own accent
  // outline (kept for the selection) was 3.5 units, a pixel at fit, and looked selected. An
  // accent ring with a white halo reads on the canvas, on a frame's tint and beside a dark box;
  // a name drawn over the box is inside it, a name placed beside it (at the end of a leader)
  // has a ring of its own: the box alone, a few pixels at fit, was a small ring far from the
  // name the reader sees.
  const ringLayer = svgEl("g", {id: "focus-ring", display: "none"});
  const RING_GAP = 5;
  let ringed = null;  // the map item that has the keyboard
  function drawRing() {
    if (!ringed || !ringed.element.matches(":focus-visible")) {
      ringLayer.setAttribute("display", "none");
      return;
    }
    const d = ringed.data, k = view.k;
    const box = [view.x + k * (d.x - ringed.w / 2), view.y + k * (d.y - ringed.h / 2),
      view.x + k * (d.x + ringed.w / 2), view.y + k * (d.y + ringed.h / 2)];
    const rings = [box];
    const name = nameRects.get(d.id);
    if (name && name[0] < box[2] && box[0] < name[2] && name[1] < box[3] && box[1] < name[3]) {
      for (let i = 0; i < 4; i++) box[i] = (i < 2 ? Math.min : Math.max)(box[i], name[i]);
    } else if (name) rings.push(name);
    ringLayer.replaceChildren();
    for (const part of ["halo", "ring"]) {  // every halo under every ring
      for (const r of rings) {
        ringLayer.appendChild(svgEl("rect", {"class": part, x: r[0] - RING_GAP,
          y: r[1] - RING_GAP, width: r[2] - r[0] + 2 * RING_GAP,
          height: r[3] - r[1] + 2 * RING_GAP, rx: RING_GAP + 4}));
      }
    }
    ringLayer.setAttribute("display", "inline");
  }
  function chooseNames(placed, before) {
    // The names in ``placed`` (and leaders' paths), the main concepts ``before`` first: which
    // were named, which could have been (shown), and how many frames went untitled.
    const nameBoxes = [];  // the names alone: a leader may cross another's leader, not a name
    const free = function (rect, own) {
      return rect[0] >= EDGE && rect[1] >= EDGE && rect[2] <= screen.width - EDGE &&
        rect[3] <= screen.height - EDGE &&
        !placed.some(function (r) {
          return r[0] - GAP < rect[2] && rect[0] < r[2] + GAP && r[1] - GAP < rect[3] &&
            rect[1] < r[3] + GAP;
        }) &&
        !meetsBox([(rect[0] - GAP - view.x) / view.k, (rect[1] - GAP - view.y) / view.k,
          (rect[2] + GAP - view.x) / view.k, (rect[3] + GAP - view.y) / view.k], own);
    };
    const named = new Set();
    const said = new Set();  // a frame's title says a member's name already ("Blood cancers")
    const wanted = function (entry) {
      // Not named yet, not faded by a search, and its middle on the screen.
      if (named.has(entry) || entry.element.classList.contains("dim")) return false;
      const cx = view.x + view.k * entry.data.x, cy = view.y + view.k * entry.data.y;
      return cx >= 0 && cy >= 0 && cx <= screen.width && cy <= screen.height;
    };
    const place = function (entry, forms, where) {
      // The first free place ``where`` gives for the name in one of its ``forms``: drawn and
      // claimed; false when there is none.
      for (const lines of forms) {
        const words = fold(lines.join(" "));
        if (said.has(words)) return false;
        const w = widestLine(lines, nameMeasure) + 2 * PAD_X;
        const h = LABEL_PX + (lines.length - 1) * LINE_PX +
          2 * PAD_Y + 4;
        let spot = null;  // each place moved into view only when tried: a gap's are many
        for (const tried of where(w, h)) {
          const s = tried[2] ? within(tried, w, h) : tried;
          if (free([s[0] - w / 2, s[1] - h / 2, s[0] + w / 2, s[1] + h / 2], entry) &&
            !(s[2] && leaderMeets(s[2], nameBoxes))) { spot = s; break; }
        }
        if (!spot) continue;
        placed.push([spot[0] - w / 2, spot[1] - h / 2, spot[0] + w / 2, spot[1] + h / 2]);
        nameBoxes.push(placed[placed.length - 1]);
        if (spot[2]) placed.push(...leaderPieces(spot[2]));
        named.add(entry);
        said.add(words);
        nameLayer.appendChild(drawName(entry, lines, spot[0], spot[1], w, h, spot[2]));
        return true;
      }
      return false;
    };
    const order = selected && nodes.has(selected) ? [nodes.get(selected)].concat(nameOrder)
      : nameOrder;
    const frames = order.filter(isFrame);
    const near = function (entry, reach) {  // its usual places, then the nearest gaps
      return function* (w, h) {  // the gaps looked for only when no usual place is free
        yield* spots(entry, w, h, FAR_STEPS);
        yield* nearSpots(entry, w, h, reach);
      };
    };
    if (order !== nameOrder && !isFrame(order[0]) && wanted(order[0])) {
      // A selected concept is always named, before any frame: over its box, beside it, on
      // two even lines, in the nearest gap within NEAR_PX, shortened, and last in the
      // nearest gap anywhere (the window's hubnames._name_selected). Named only where its
      // usual places were free, at fit at 1366x768 22 of the default map's concepts clicked
      // went unnamed.
      const entry = order[0], lines = nameLines(entry.data.label);
      const even = lines.length === 1 ? evenLines(lines[0]) : null;
      const whole = even ? [lines, even] : [lines];
      const line = lines.join(" ");
      const short = [SHORTER_PX, SHORTEST_PX].map(function (room) {
        return [elide(bareName(line) || line, room)];
      });
      const around = near(entry, NEAR_PX);
      if (!place(entry, whole, around) && !place(entry, short, around)) {
        place(entry, whole.concat(short), function (w, h) {
          return nearSpots(entry, w, h, Infinity);
        });
      }
    }
    before.forEach(function (entry) {
      if (wanted(entry)) place(entry, [nameLines(entry.data.label)], near(entry, NEAR_PX));
    });
    // The few most linked concepts over their own box before the frames' titles, as the
    // window names them first (FIRST_HUBS): a title moved a few pixels off its edge's rows
    // took T cells' place at 1280x800. Beside their box they come after the titles: there
    // Resistance to immunotherapy's leader ran down through Why treatment fails' top edge.
    order.filter(function (e) { return !isFrame(e); }).slice(0, FIRST_HUBS).forEach(
      function (entry) {
        if (wanted(entry)) {
          place(entry, [nameLines(entry.data.label)], function (w, h) {
            return spots(entry, w, h, 0);
          });
        }
      });
    // Then frames' titles, each frame's best place before any frame's next best (TITLE_TRIES):
    // tried in file order, one frame's title in a tab beside its corner took the room where
    // the next one's would have gone on its own top edge (Standard treatment's over Why
    // treatment fails), and at 1280x800 7 of the default map's 13 frames were titled.
    let misses = 0;
    for (const [lined, edge] of TITLE_TRIES) {
      misses = 0;
      for (let examined = 0; examined < Math.min(frames.length, MAX_EXAMINED); examined++) {
        if (misses > MAX_MISSES) break;
        const entry = frames[examined];
        if (!wanted(entry)) continue;
        const lines = nameLines(entry.data.label);
        const forms = lined ? titleForms(entry, lines).filter(function (f) {
          return f.length === lined;
        }) : longTitle(lines);
        const found = forms.length > 0 && place(entry, forms, function (w, h) {
          return titleSpots(entry, w, h, edge, placed);
        });
        misses = found ? 0 : misses + 1;
      }
    }
    // Then the few most linked beside their box, and each theme's centre, before lesser
    // concepts take the room round them (the window's hubnames._choose): each in the nearest
    // gap within NEAR_PX when its usual places are taken.
    const most = order.filter(function (e) { return !isFrame(e); }).slice(0, FIRST_HUBS);
    most.concat(mainHubs.filter(function (e) { return most.indexOf(e) < 0; }), themeMains)
      .forEach(function (entry) {
        if (wanted(entry)) place(entry, [nameLines(entry.data.label)], near(entry, NEAR_PX));
      });
    misses = 0;
    let hubs = 0;
    for (let examined = 0; examined < order.length; examined++) {
      if (examined >= MAX_EXAMINED || misses > MAX_MISSES) break;
      const entry = order[examined];
      if (isFrame(entry)) continue;
      const steps = hubs < FAR_UP_TO ? FAR_STEPS : named.size < BESIDE_UP_TO ? 2 : 0;
      hubs++;
      if (!wanted(entry)) continue;
      const found = place(entry, [nameLines(entry.data.label)], function (w, h) {
        return spots(entry, w, h, steps);
      });
      misses = found ? 0 : misses + 1;
    }
    const shown = new Set(mainHubs.filter(function (e) { return named.has(e) || wanted(e); }));
    return {named: named, shown: shown, untitled: frames.filter(wanted).length};
  }
  function longTitle(lines) {
    // A name too long for one line, on one line up to two names' width (the window's
    // hubnames._frame_sizes): at 1280x800 "The immune system and cancer" on two lines was
    // taller than the room between the names above its frame and the members under its edge.
    if (lines.length !== 2 || lines[1].endsWith("\u2026")) return [];
    const one = lines.join(" ");
    return nameWidth(one) <= 2 * MAX_NAME_WIDTH ? [[one]] : [];
  }
  function titleForms(entry, lines) {
    // A name as usual; a frame narrower than it also on two lines, as even as the words allow
    // (the window's hubnames._frame_sizes): "Immune-related / side effects" over a narrow frame
    // clears its neighbours.
    if (lines.length > 1 || nameWidth(lines[0]) <= view.k * entry.w - 2 * PAD_X) return [lines];
    const two = evenLines(lines[0]);
    return two ? [lines, two] : [lines];
  }
  function evenLines(line) {
    // A one-line name on two lines as even as its words allow; null for a single word.
    const words = line.split(" ");
    let two = null, widest = Infinity;
    for (let cut = 1; cut < words.length; cut++) {
      const tried = [words.slice(0, cut).join(" "), words.slice(cut).join(" ")];
      const most = Math.max(nameWidth(tried[0]), nameWidth(tried[1]));
      if (most < widest) { two = tried; widest = most; }
    }
    return two;
  }
  function drawName(entry, lines, x, y, w, h, leader) {
    const d = entry.data;
    const drawn = look(d);
    const ink = drawn.ink || "#1b1f23";
    const group = svgEl("g", {"class": "name", transform: "translate(" + x + " " + y + ")"});
    group.dataset.id = d.id;
    nameRects.set(d.id, [x - w / 2, y - h / 2, x + w / 2, y + h / 2]);
    if (d.id === selected) group.classList.add("selected");
    if (leader) {  // from the box to the name placed beside it
      const line = svgEl("line", {"class": "leader", x1: leader[0], y1: leader[1],
        x2: leader[2], y2: leader[3], stroke: drawn.stroke, "stroke-width": 1.5});
      line.dataset.id = d.id;
      nameLayer.appendChild(line);
    }
    const radius = d.shape === "rectangle" ? 0 : d.shape === "pill" || ROUND.has(d.shape) ?
      h / 2 : 4;
    group.appendChild(svgEl("rect", {x: -w / 2, y: -h / 2, width: w, height: h, rx: radius,
      fill: drawn.fill, stroke: drawn.stroke}));
    const text = svgEl("text", {style: "fill:" + ink});
    writeLines(text, lines, 0, 0, LINE_PX);
    group.appendChild(text);
    group.addEventListener("click", function (event) { event.stopPropagation(); select(d.id); });
    return group;
  }

  // --- pan and zoom ---------------------------------------------------------------------
  const READ_SCALE = 1;  // labels as big as the app draws them at 100 %
  // The whole map is in view as fitted, not zoomed or moved since: a resized window fits it
  // again; otherwise it keeps the reader's place (a concept found was lost to a fit).
  let fitted = true;
  function apply() {
    const move = "translate(" + view.x + " " + view.y + ") scale(" + view.k + ")";
    viewport.setAttribute("transform", move);
    placeNames();
  }
  function zoomAt(px, py, factor) {
    const k = Math.min(Math.max(view.k * factor, 0.03), 6);
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    fitted = false;
    apply();
  }
  function zoomCentre(factor) {
    const box = svg.getBoundingClientRect();
    zoomAt(box.width / 2, box.height / 2, factor);
  }
  function fit() {
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    nodes.forEach(function (n) {
      left = Math.min(left, n.data.x - n.w / 2); right = Math.max(right, n.data.x + n.w / 2);
      top = Math.min(top, n.data.y - n.h / 2 - 60); bottom = Math.max(bottom, n.data.y + n.h / 2);
      if (n.named) {  // a picture's name, written outside its box
        left = Math.min(left, n.data.x + n.named[0]);
        right = Math.max(right, n.data.x + n.named[2]);
        top = Math.min(top, n.data.y + n.named[1] - 60);
        bottom = Math.max(bottom, n.data.y + n.named[3]);
      }
    });
    links.forEach(function (entry) {  // a link's own route may run out beyond the boxes
      for (const [x, y] of entry.data.route || []) {
        left = Math.min(left, x); right = Math.max(right, x);
        top = Math.min(top, y); bottom = Math.max(bottom, y);
      }
    });
    frameBox(left, top, right, bottom);
    fitted = true;
  }
  function frameBox(left, top, right, bottom) {
    // The whole of a box (scene units) in view, centred.
    const box = svg.getBoundingClientRect();
    fitted = false;
    if (!isFinite(left) || !box.width) { apply(); return; }
    const k = Math.min(box.width / (right - left + 40), box.height / (bottom - top + 40), 2);
    view.k = Math.max(k, 0.03);
    view.x = box.width / 2 - view.k * (left + right) / 2;
    view.y = box.height / 2 - view.k * (top + bottom) / 2;
    apply();
  }
  function showFocused(id) {
    const entry = nodes.get(id);
    if (!entry) return;
    const d = entry.data, k = view.k;
    const left = view.x + k * (d.x - entry.w / 2), right = view.x + k * (d.x + entry.w / 2);
    const top = view.y + k * (d.y - entry.h / 2), bottom = view.y + k * (d.y + entry.h / 2);
    if (left >= 0 && top >= 0 && right <= screen.width && bottom <= screen.height) return;
    view.x = screen.width / 2 - k * d.x;
    view.y = screen.height / 2 - k * d.y;
    fitted = false;
    apply();
  }
  function centreOn(x, y) {
    const box = svg.getBoundingClientRect();
    // Close enough to read: found at fit, a concept was centred with its name still a few
    // pixels high.
    view.k = Math.max(view.k, READ_SCALE);
    view.x = box.width / 2 - view.k * x;
    view.y = box.height / 2 - view.k * y;
    fitted = false;
    apply();
  }
  let drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    drag = {x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false};
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) return;
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("dragging");
    }
    view.x = drag.vx + dx; view.y = drag.vy + dy; fitted = false; apply();
  });
  function endDrag() { svg.classList.remove("dragging"); }
  svg.addEventListener("pointerup", function () {
    setTimeout(function () { drag = null; }, 0);
    endDrag();
  });
  svg.addEventListener("click", function () { if (!drag || !drag.moved) clear(); });
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    zoomAt(event.clientX - box.left, event.clientY - box.top, Math.exp(-event.deltaY * 0.0015));
  }, {passive: false});
  document.getElementById("zoom-in").addEventListener("click", function () { zoomCentre(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomCentre(0.8); });
  document.getElementById("zoom-fit").addEventListener("click", fit);

  // --- reading: the side panel ----------------------------------------------------------
  function quoteList(quotes) {
    const part = document.createDocumentFragment();
    if (!quotes.length) return part;
    const heading = quotes.length === 1 ? "What the source says" : "What the sources say";
    part.appendChild(htmlEl("h3", "", heading));
    for (const quote of quotes) {
      part.appendChild(htmlEl("blockquote", "quote", quote.text));
      const source = sources.get(quote.source) || {title: quote.source, citation: "", url: ""};
      const cite = htmlEl("p", "cite");
      cite.appendChild(htmlEl("b", "", source.title));
      if (source.citation) cite.appendChild(htmlEl("span", "", " \u2014 " + source.citation));
      if (/^https?:\/\//i.test(source.url)) {
        // A link, to be Tabbed to and opened (in a tab of its own, telling the site nothing of
        // this page); any other scheme (javascript:, file:) stays words.
        const link = htmlEl("a", "url", source.url);
        link.href = source.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        cite.append(" ", link);
      } else if (source.url) cite.appendChild(htmlEl("span", "url", " " + source.url));
      part.appendChild(cite);
    }
    return part;
  }
  function heading(text) {
    // The details' heading, which the keyboard is put on (tabindex -1: not a Tab stop of its
    // own) when they open from the keyboard, so a screen reader reads the name first.
    const title = htmlEl("h2", "", text);
    title.dir = "auto";
    title.tabIndex = -1;
    return title;
  }
  function ref(id) {
    const entry = nodes.get(id);
    const button = htmlEl("button", "ref", entry ? entry.data.label : id);
    button.type = "button";
    button.addEventListener("click", function () { openDetails(id, true); });
    return button;
  }
  function showNode(entry) {
    const node = entry.data;
    panel.appendChild(heading(node.label));
    const kind = kinds.get(node.kind);
    if (kind) {
      // In the kind's colour under whichever of black and white reads on it: white on every
      // kind read at 1.25:1 on General concept's grey, 1.32:1 on Side effect's yellow.
      const badge = htmlEl("span", "kind", kind.label);
      badge.style.background = kind.color;
      badge.style.color = kind.text || "#ffffff";
      panel.appendChild(badge);
    }
    if (node.aliases.length) {
      panel.appendChild(htmlEl("p", "aliases", "Also called: " + node.aliases.join(", ")));
    }
    if (node.description) panel.appendChild(htmlEl("p", "description", node.description));
    panel.appendChild(quoteList(node.quotes));
    if (entry.links.length) {
      panel.appendChild(htmlEl("h3", "", "Links"));
      const list = htmlEl("ul", "links");
      for (const id of entry.links) {
        const link = links.get(id).data;
        const item = htmlEl("li");
        const out = link.source === node.id;
        const words = link.label || "linked to";
        const go = htmlEl("button", "ref", words + " \u2192");
        go.type = "button";
        go.addEventListener("click", function () { openDetails(link.id, true); });
        // As a sentence either way: "Pembrolizumab blocks → PD-1" on PD-1's page, where it
        // read backwards ("← blocks Pembrolizumab").
        if (out) item.append(go, " ", ref(link.target));
        else item.append(ref(link.source), " ", go);
        list.appendChild(item);
      }
      panel.appendChild(list);
    }
  }
  function showLink(entry) {
    const link = entry.data;
    const title = heading();
    title.classList.add("proposition");
    const words = htmlEl("span", "", link.label || "\u2192");
    title.append(ref(link.source), " ", words, " ", ref(link.target));
    panel.appendChild(title);
    if (link.description) panel.appendChild(htmlEl("p", "description", link.description));
    panel.appendChild(quoteList(link.quotes));
  }
  // A map with no sources (most imports) has none to read about.
  const HINT = "Click a concept or a link, or Tab to a concept and press Enter, to read " +
    (data.sources.length ? "what the sources say about it" : "about it") +
    "; the arrow keys go along its links. Press ? for the keys.";
  function unmark() {
    const marked = document.querySelectorAll(".selected");
    marked.forEach(function (e) { e.classList.remove("selected"); });
  }
  function clear() {
    selected = null;
    lit = null;
    unmark();
    makeBundles();
    delete panel.dataset.bundle;
    panel.replaceChildren(htmlEl("p", "hint", HINT));
    if (data.description) panel.appendChild(htmlEl("p", "description", data.description));
    delete panel.dataset.selected;
    placeNames();
  }
  function select(id, centre) {
    const entry = nodes.get(id) || links.get(id);
    unmark();
    panel.replaceChildren();
    if (!entry) {
      const missing = "Nothing on this map has the id \u201c" + id + "\u201d.";
      panel.appendChild(htmlEl("p", "hint", missing));
      return;
    }
    selected = id;
    lit = null;
    cameFrom = mapItem(id);
    delete panel.dataset.bundle;
    makeBundles();  // the selected concept's links on their own
    if (links.has(id)) markLink(entry, "selected", true);
    else entry.element.classList.add("selected");
    if (nodes.has(id)) showNode(entry); else showLink(entry);
    panel.dataset.selected = id;
    if (centre) {
      const target = nodes.get(id) ? entry.data : nodes.get(entry.data.source).data;
      centreOn(target.x, target.y);
    }
    history.replaceState(null, "", "#select=" + encodeURIComponent(id));
    if (!centre) placeNames();  // centring placed them already
  }
  // --- keyboard: into the details and back ---------------------------------------------
  // Enter on a concept (or in the search box, or on a concept or link listed in the details)
  // opens its details and puts the keyboard on their heading: Tab then walks their links and
  // sources. Before, the keyboard stayed on the map and reaching them meant tabbing through
  // every concept and frame. Escape in the details goes back to the map item they are about.
  let cameFrom = null;  // that item: the concept's, or for a link the end it was reached from
  function mapItem(id) {
    if (nodes.has(id)) return nodes.get(shownEnd(id)).element;
    const link = links.get(id);
    if (!link) return null;
    const ends = [link.data.source, link.data.target].map(function (end) {
      return nodes.get(shownEnd(end)).element;
    });
    return ends.indexOf(cameFrom) >= 0 ? cameFrom : ends[0];
  }
  function openDetails(id, centre) {
    select(id, centre);
    const title = panel.querySelector("h2");
    if (title) title.focus();
  }
  panel.addEventListener("keydown", function (event) {
    if (!cameFrom || !cameFrom.isConnected) return;
    // Shift+Tab from the heading goes back as Escape does, to the item the details are
    // about: it went to the map's last item, as the browser's order has it.
    const back = event.key === "Tab" && event.shiftKey && event.target.tagName === "H2";
    if (event.key !== "Escape" && !back) return;
    event.preventDefault();
    event.stopPropagation();  // not the map's Escape, which clears the selection
    tabbing = 0;  // a move of its own, not a Tab into the map from outside (see focusin)
    cameFrom.focus();
  });
  // --- keyboard: along the links -------------------------------------------------------
  // An arrow key on a concept goes to the concept linked to it that way on the screen: the
  // nearest within 45 degrees of the arrow, else the one nearest its line. The link walked
  // is marked and read out ("Pembrolizumab blocks PD-1"). Link phrases were reached only
  // through the details' Links list; a Tab stop each would have made Tab walk 299 more.
  const WAYS = {ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]};
  const WAY_NAMES = {"1,0": "right", "-1,0": "left", "0,-1": "above", "0,1": "below"};
  const said = document.getElementById("said");
  let walking = null;  // the link an arrow key is going along, while it moves the keyboard
  let walked = null;  // the link marked, the last one walked to the focused concept
  let unbundled = false;  // whether the link walked was taken out of a bundle
  function markWalked(link) {
    if (link === walked) return;
    if (walked) markLink(links.get(walked), "walked", false);
    walked = link;
    if (walked) markLink(links.get(walked), "walked", true);
    // Drawn on its own, as the selection's links are: at fit it was hidden in its bundle.
    const bundled = !!walked && bundles.some(function (b) { return b.links.indexOf(walked) >= 0; });
    if (bundled || unbundled) makeBundles();
    unbundled = bundled;
  }
  function say(text) {
    // Said again when the same words come twice (the live region reads changes only).
    said.textContent = said.textContent === text ? text + "\u00a0" : text;
  }
  function walk(entry, way) {
    const from = entry.data;
    let best = null;
    for (const id of entry.links) {
      const link = links.get(id).data;
      const end = nodes.get(shownEnd(link.source)) === entry ? link.target : link.source;
      const other = nodes.get(shownEnd(end));
      if (!other || other === entry) continue;
      const dx = other.data.x - from.x, dy = other.data.y - from.y;
      const along = dx * way[0] + dy * way[1], across = Math.abs(dx * way[1] - dy * way[0]);
      if (along <= 0) continue;
      const score = across <= along ? [0, Math.hypot(dx, dy)] : [1, across / along];
      if (!best || score[0] < best.score[0] ||
          (score[0] === best.score[0] && score[1] < best.score[1])) {
        best = {score: score, entry: other, link: link};
      }
    }
    const name = WAY_NAMES[way.join(",")];
    if (!best) {
      say(entry.links.length ? "No linked concept " + (name === "right" || name === "left" ?
        "to the " : "") + name + " of " + from.label : from.label + " has no links");
      return;
    }
    const l = best.link;
    const ends = [nodes.get(l.source), nodes.get(l.target)].map(function (e) {
      return e ? e.data.label : "";
    });
    walking = l.id;
    best.entry.element.focus();
    walking = null;
    say(ends[0] + " " + (l.label || "linked to") + " " + ends[1]);
  }
  function fromHash() {
    const match = /^#select=(.*)$/.exec(location.hash);
    if (match) select(decodeURIComponent(match[1]), true);
  }

  // --- keyboard: Tab reads the map in reading order -------------------------------------
  // The concepts and frames in the order a reader takes them: the root (the most linked
  // concept, the one the window names first) first, then top to bottom in rows, each row left
  // to right, a frame's members right after its title, read the same way. Tab followed the
  // page's drawing order: the 13 frames first, in reverse file order, then the concepts in
  // file order, Surgery before the concepts round it.
  function linkCounts() {
    const degree = new Map();
    for (const link of data.edges) {
      for (const end of [link.source, link.target]) degree.set(end, (degree.get(end) || 0) + 1);
    }
    return degree;
  }
  let readingOrder = [];
  const readingIndex = new Map();  // element -> its place in readingOrder
  function makeReadingOrder() {
    const inside = new Map();  // a shown frame's id ("" for the canvas) -> what it holds
    nodes.forEach(function (entry, id) {
      if (entry.element.getAttribute("display") === "none") return;  // in a closed group
      const holder = groupsAround(id).find(function (g) { return isFrame(nodes.get(g)); }) || "";
      if (!inside.has(holder)) inside.set(holder, []);
      inside.get(holder).push(entry);
    });
    const line = function (entry) {
      // Where a reader's eye meets it: a frame at its title band, a concept at its middle.
      const d = entry.data;
      return isFrame(entry) ? [d.y - entry.h / 2 + entry.title / 2, entry.title]
        : [d.y, entry.h];
    };
    const read = function (holder) {
      const items = (inside.get(holder) || []).slice();
      items.sort(function (a, b) { return line(a)[0] - line(b)[0]; });
      const rows = [];
      for (const entry of items) {
        // In the row of the item that began it while their lines overlap.
        const row = rows[rows.length - 1];
        if (row && line(entry)[0] < line(row[0])[0] + line(row[0])[1] / 2 +
            line(entry)[1] / 2) row.push(entry);
        else rows.push([entry]);
      }
      for (const row of rows) {
        row.sort(function (a, b) { return a.data.x - b.data.x; });
        for (const entry of row) {
          readingOrder.push(entry);
          if (isFrame(entry)) read(entry.data.id);
        }
      }
    };
    readingOrder = [];
    read("");
    const degree = linkCounts();
    let root = null;
    for (const entry of readingOrder) {
      const links = degree.get(entry.data.id) || 0;
      if (isFrame(entry) || !links) continue;
      const best = root ? degree.get(root.data.id) : 0;
      if (links > best || (links === best && entry.data.label.length < root.data.label.length)) {
        root = entry;
      }
    }
    if (root) {
      readingOrder = [root].concat(readingOrder.filter(function (e) { return e !== root; }));
    }
    readingIndex.clear();
    readingOrder.forEach(function (entry, index) { readingIndex.set(entry.element, index); });
  }
  let tabbing = 0;  // 1 or -1 while a Tab or Shift+Tab moves the focus
  document.addEventListener("keydown", function (event) {
    // Any other key ends it, not only the timer, which may run late: under headless Chromium
    // it had not when Escape in the details came, and the keyboard went to the map's first
    // item instead of the concept the details are about.
    tabbing = event.key !== "Tab" ? 0 : event.shiftKey ? -1 : 1;
    if (tabbing) setTimeout(function () { tabbing = 0; }, 0);
  }, true);
  document.addEventListener("keyup", function () { tabbing = 0; }, true);
  svg.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    const at = readingIndex.get(event.target);
    if (at === undefined) return;
    const next = readingOrder[at + (event.shiftKey ? -1 : 1)];
    if (next) {
      event.preventDefault();
      next.element.focus();
      return;
    }
    // Past either end, on out of the map as the browser goes, no other concept in the way.
    for (const entry of readingOrder) entry.element.setAttribute("tabindex", "-1");
    setTimeout(function () {
      for (const entry of readingOrder) entry.element.setAttribute("tabindex", "0");
    }, 0);
  });
  document.addEventListener("focusin", function (event) {
    // Tabbed into from outside the map: its first item (backwards, its last), not the first
    // drawn. (Listened for on the document: Chromium lets Tab stop on an SVG element that has
    // a focus listener of its own, and the canvas took a stop of its own.)
    const from = event.relatedTarget;
    if (!tabbing || !readingOrder.length || (from && readingIndex.has(from))) return;
    const first = readingOrder[tabbing > 0 ? 0 : readingOrder.length - 1].element;
    if (event.target !== first && readingIndex.has(event.target)) first.focus();
  });

  // --- search ---------------------------------------------------------------------------
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  // A phone has no "/" key, and its narrower box cut the hint to "Search concepts (pre".
  const narrow = window.matchMedia("(max-width: 700px)");
  function fitHint() {
    search.placeholder = narrow.matches ? "Search concepts" : "Search concepts (press /)";
  }
  narrow.addEventListener("change", fitHint);
  fitHint();
  const count = document.getElementById("count");
  // Search ranks as the window's does (mapviewer.search), in small: a name or alias that is
  // the query, then one it starts, a word it starts, the names' initials ("ACT"), letters
  // inside a word only for a query of four or more ("TME" is Tumour microenvironment's alias,
  // not the "tme" in "treatment", which Enter had opened), then one typo ("keytrda").
  // Hyphens and spaces do not count ("pdl1" finds PD-L1); a label before an alias.
  function compact(text) { return fold(text).replace(/[^\p{L}\p{N}]+/gu, ""); }
  function oneTypo(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    const rest = function (x, y) { return a.slice(x) === b.slice(y); };
    return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1);
  }
  // A concept's label and aliases as search compares them, folded once, not at every key.
  const searchForms = new Map();
  function formsOf(entry) {
    let forms = searchForms.get(entry);
    if (!forms) {
      forms = [entry.data.label].concat(entry.data.aliases).map(function (name) {
        const folded = fold(name), words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        return {words: words, initials: words.map(function (w) { return w[0]; }).join(""),
          joined: compact(name)};
      });
      searchForms.set(entry, forms);
    }
    return forms;
  }
  function rank(forms, q) {
    const whole = compact(q);
    const acronym = /^[A-Z]{2,6}$/.test(q);  // typed in capitals: initials first
    let best = Infinity;
    for (const [index, {words, initials, joined}] of forms.entries()) {
      let score = Infinity;
      if (joined === whole) score = 0;
      else if (acronym && initials === whole) score = 0.5;
      else if (joined.startsWith(whole)) score = 1;
      else if (words.some(function (w) { return w.startsWith(whole); })) score = 2;
      else if (whole.length > 1 && initials === whole) score = 3;
      else if (whole.length >= 4 && joined.includes(whole)) score = 4;
      else if (whole.length >= 5 && words.concat([joined]).some(function (w) {
        return oneTypo(w, whole) || oneTypo(w.slice(0, whole.length), whole);
      })) score = 5;
      best = Math.min(best, score + (index ? 0.1 : 0));  // the label before an alias
    }
    return best;
  }
  function find(query) {
    const q = query.trim();
    if (!compact(q)) return null;
    const found = [];
    nodes.forEach(function (entry) {
      const score = rank(formsOf(entry), q);
      if (score < Infinity) found.push([score, entry]);
    });
    found.sort(function (a, b) {
      return a[0] - b[0] || a[1].data.label.length - b[1].data.label.length ||
        (a[1].data.label < b[1].data.label ? -1 : 1);
    });
    return found.map(function (pair) { return pair[1]; });
  }
  function runSearch() {
    const found = find(search.value);
    results.replaceChildren();
    nodes.forEach(function (e) { e.element.classList.remove("match", "dim"); });
    links.forEach(function (e) { markLink(e, "dim", false); });
    filtered = found !== null;
    makeBundles();  // what the search found is read link by link
    if (found === null) { count.textContent = ""; openList(false); placeNames(); return; }
    const hits = new Set(found.map(function (e) { return e.data.id; }));
    nodes.forEach(function (e) { e.element.classList.add(hits.has(e.data.id) ? "match" : "dim"); });
    links.forEach(function (e) {
      if (!hits.has(e.data.source) && !hits.has(e.data.target)) markLink(e, "dim", true);
    });
    // Said once typing pauses (a polite live region): "12 concepts match".
    count.textContent = found.length === 1 ? "1 concept matches"
      : (found.length || "No") + " concepts match";
    placeNames();
    found.slice(0, 30).forEach(function (entry, index) {
      const item = htmlEl("li", "", entry.data.label);
      item.id = "result-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.id = entry.data.id;
      // The keyboard stays in the box while the mouse picks: the list closes when it leaves.
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { choose(entry.data.id); });
      results.appendChild(item);
    });
    openList(true);
  }
  // --- search: a combobox (WAI-ARIA Authoring Practices, list autocomplete) --------------
  // The keyboard stays in the box; Down and Up move a highlight through the results (the
  // box's aria-activedescendant, so a screen reader reads the row), Home and End go to the
  // first and last once a row is highlighted, Enter opens the highlighted row or the first.
  // Escape closes the list, a second Escape clears the search. The results were buttons
  // reached only by Tab, and every arrow key moved the caret.
  function options() { return Array.from(results.children); }
  function openList(on) {
    on = on && results.children.length > 0;
    results.hidden = !on;
    search.setAttribute("aria-expanded", String(on));
    if (!on) highlight(-1);
  }
  function highlighted() {
    return options().findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
  }
  function highlight(index) {
    options().forEach(function (o, i) { o.setAttribute("aria-selected", String(i === index)); });
    const row = results.children[index];
    if (row) {
      search.setAttribute("aria-activedescendant", row.id);
      row.scrollIntoView({block: "nearest"});
    } else search.removeAttribute("aria-activedescendant");
  }
  function choose(id) {
    results.replaceChildren();  // the list had stayed open over the panel's heading
    openList(false);
    openDetails(id, true);
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("blur", function () { openList(false); });
  search.addEventListener("focus", function () {
    // Back in the box, its results again (a concept opened from them had emptied the list).
    if (!results.children.length && search.value.trim()) runSearch(); else openList(true);
  });
  search.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const rows = options().length, at = highlighted();
    const open = !results.hidden;
    let to = null;
    if (event.key === "ArrowDown") to = !open ? 0 : at < 0 || at === rows - 1 ? 0 : at + 1;
    else if (event.key === "ArrowUp") to = !open || at <= 0 ? rows - 1 : at - 1;
    else if ((event.key === "Home" || event.key === "End") && open && at >= 0) {
      to = event.key === "Home" ? 0 : rows - 1;  // with no row highlighted: the caret's keys
    }
    if (to !== null) {
      if (!rows) return;
      event.preventDefault();
      openList(true);
      highlight(to);
    } else if (event.key === "Enter") {
      const found = find(search.value);
      if (open && at >= 0) choose(options()[at].dataset.id);
      else if (found && found.length) choose(found[0].data.id);
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (open) { openList(false); return; }
      // Cleared, and the keyboard back where "/" took it from (a concept on the map, a link
      // in the details): it went to the page itself, and Tab started again from the top.
      search.value = "";
      runSearch();
      if (beforeSearch && beforeSearch.isConnected) beforeSearch.focus(); else search.blur();
    }
  });
  let beforeSearch = null;  // what had the keyboard when the search box took it
  search.addEventListener("focus", function (event) { beforeSearch = event.relatedTarget; });
  document.addEventListener("keydown", function (event) {
    if (event.target === search) return;
    if (event.key === "/") { event.preventDefault(); search.focus(); }
    else if (event.key === "?") { event.preventDefault(); toggleKeys(); }
    else if (event.key === "+" || event.key === "=") zoomCentre(1.25);
    else if (event.key === "-") zoomCentre(0.8);
    else if (event.key === "0") fit();
    else if (event.key === "Escape") clear();
  });

  // The keys' list, "?" opens and closes it; Escape in it closes it and goes back.
  const keys = document.getElementById("keys");
  let beforeKeys = null;
  function toggleKeys() {
    if (!keys.open) beforeKeys = document.activeElement;
    keys.open = !keys.open;
    if (keys.open) keys.querySelector("summary").focus();
    else if (beforeKeys && beforeKeys.isConnected) beforeKeys.focus();
  }
  keys.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !keys.open) return;
    event.stopPropagation();  // not the map's Escape, which clears the selection
    toggleKeys();
  });

  // --- start ----------------------------------------------------------------------------
  document.title = data.title;
  document.getElementById("title").textContent = data.title;
  if (data.focus_question) {  // the question the map answers, heading it as in CmapTools
    const question = document.getElementById("focus-question");
    question.textContent = data.focus_question;
    question.hidden = false;
  }
  data.nodes.forEach(drawNode);
  frameGroups();
  data.edges.forEach(drawLink);
  // After the map, in screen pixels: over everything, the focus ring over the names.
  svg.append(countLayer, nameLayer, ringLayer);
  // The footer first: filled in after the names had measured the canvas, the legend wrapped it
  // to two lines and at 1280x800 names sat 29 px below the canvas's visible bottom.
  const legend = document.getElementById("legend");
  for (const kind of data.kinds) {
    const item = htmlEl("li");
    const swatch = htmlEl("i");
    // Outlined as its concepts are: a white kind (a canvas's cards) showed no swatch at all.
    const drawn = look({kind: kind.id});
    swatch.style.background = drawn.fill;
    swatch.style.border = "1px solid " + drawn.stroke;
    item.append(swatch, htmlEl("span", "", kind.label));
    legend.appendChild(item);
  }
  const groupCount = data.counts.groups || 0;  // as the window's status bar counts them
  // As mapviewer.plural.counted says them: a map with one group read "1 groups".
  const counted = function (number, noun) {
    return number + " " + noun + (number === 1 ? "" : "s");
  };
  document.getElementById("stats").textContent = counted(data.counts.concepts, "concept") +
    ", " + (groupCount ? counted(groupCount, "group") + ", " : "") +
    counted(data.edges.length, "link");
  prepareNames();
  makeReadingOrder();
  clear();
  fit();
  // The canvas changes size with the window and with the page around it; the observer's first
  // call, on the size just measured, changes nothing.
  new ResizeObserver(function () {
    const before = screen;
    measureScreen();
    if (screen.width === before.width && screen.height === before.height) return;
    if (fitted) fit(); else placeNames();
  }).observe(svg);
  window.addEventListener("hashchange", fromHash);
  window.mapviewer = {select: select, search: function (q) { search.value = q; runSearch(); }};
  fromHash();
  document.body.dataset.ready = "true";
})();
