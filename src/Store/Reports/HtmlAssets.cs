namespace Actors.Store.Reports;

/// <summary>The HTML report's inline style sheet and chart script (no external resources, so the file works offline).</summary>
internal static class HtmlAssets
{
    public const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
        h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px}h3{font-size:15px;margin-bottom:2px}
        .meta{color:#555}small{color:#666}
        table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .verdict{padding:1px 8px;border-radius:10px;color:#fff;white-space:nowrap;font-size:12px}
        .clean{background:#2e7d32}.rejected{background:#b28704}.guard-tripped{background:#ef6c00}.data-lost{background:#c62828}.corrupted{background:#6a1b9a}
        .chart svg{max-width:100%;height:auto;font:12px system-ui,sans-serif}
        .chart .axis{stroke:#999}.chart .grid{stroke:#eee}
        """;

    public const string Script = """
        (function () {
          'use strict';
          var source = document.getElementById('lab-data');
          var data = JSON.parse(source.textContent);
          var kind = source.getAttribute('data-kind');
          var NS = 'http://www.w3.org/2000/svg';
          var verdictColors = { 'clean': '#2e7d32', 'rejected': '#b28704', 'guard-tripped': '#ef6c00', 'data-lost': '#c62828', 'corrupted': '#6a1b9a' };
          var verdictNames = { 'clean': 'clean', 'rejected': 'rejected', 'guard-tripped': 'guard tripped', 'data-lost': 'data lost', 'corrupted': 'corrupted' };
          var seriesColors = ['#1565c0', '#42a5f5', '#ffa726', '#e53935'];
          var drawn = 0;

          function el(name, attributes, parent) {
            var node = document.createElementNS(NS, name);
            for (var key in attributes) { node.setAttribute(key, attributes[key]); }
            if (parent) { parent.appendChild(node); }
            return node;
          }
          function label(parent, x, y, text, attributes) {
            var node = el('text', Object.assign({ x: x, y: y }, attributes || {}), parent);
            node.textContent = text;
            return node;
          }
          function tip(node, text) { el('title', {}, node).textContent = text; }
          function format(value) {
            if (value >= 1e6) { return (value / 1e6).toFixed(value >= 1e7 ? 0 : 1) + 'M'; }
            if (value >= 1e3) { return (value / 1e3).toFixed(value >= 1e4 ? 0 : 1) + 'k'; }
            if (value >= 1 || value === 0) { return String(Math.round(value * 100) / 100); }
            return value.toPrecision(2);
          }
          function svg(container, width, height, name) {
            var root = el('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img', 'data-chart': name });
            container.appendChild(root);
            return root;
          }

          // Grouped vertical bars; a log scale when values span orders of magnitude (latencies).
          function barChart(id, labels, series, options) {
            var container = document.getElementById(id);
            if (!container || labels.length === 0) { return; }
            var width = 900, height = 330, left = 70, right = 20, top = 16, bottom = 60;
            var root = svg(container, width, height, id.replace('-chart', ''));
            var plotWidth = width - left - right, plotHeight = height - top - bottom;
            var values = [];
            series.forEach(function (s) { s.values.forEach(function (v) { if (v > 0) { values.push(v); } }); });
            var max = values.length ? Math.max.apply(null, values) : 1;
            var min = values.length ? Math.min.apply(null, values) : 1;
            var scale, ticks = [];
            if (options.log) {
              var low = Math.pow(10, Math.floor(Math.log10(min))), high = Math.pow(10, Math.ceil(Math.log10(max)));
              if (high <= low) { high = low * 10; }
              scale = function (v) { return v <= 0 ? 0 : Math.max(0, (Math.log10(v) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))); };
              for (var t = low; t <= high * 1.0001; t *= 10) { ticks.push(t); }
            } else {
              var step = Math.pow(10, Math.floor(Math.log10(max)));
              var ceiling = Math.ceil(max / step) * step;
              scale = function (v) { return v / ceiling; };
              for (var i = 0; i <= 5; i++) { ticks.push(ceiling * i / 5); }
            }
            ticks.forEach(function (t) {
              var y = top + plotHeight * (1 - scale(t));
              el('line', { x1: left, x2: width - right, y1: y, y2: y, 'class': 'grid' }, root);
              label(root, left - 6, y + 4, format(t), { 'text-anchor': 'end' });
            });
            el('line', { x1: left, x2: left, y1: top, y2: top + plotHeight, 'class': 'axis' }, root);
            el('line', { x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight, 'class': 'axis' }, root);
            label(root, 14, top + plotHeight / 2, options.unit, { transform: 'rotate(-90 14 ' + (top + plotHeight / 2) + ')', 'text-anchor': 'middle' });
            var group = plotWidth / labels.length, barWidth = group * 0.8 / series.length;
            labels.forEach(function (name, index) {
              var x0 = left + group * index + group * 0.1;
              series.forEach(function (s, k) {
                var value = s.values[index] || 0;
                var h = plotHeight * scale(value);
                var bar = el('rect', { x: x0 + k * barWidth, y: top + plotHeight - h, width: Math.max(1, barWidth - 2), height: h,
                  fill: s.colors ? s.colors[index] : s.color, 'class': 'bar', 'data-series': s.name, 'data-label': name, 'data-value': value }, root);
                tip(bar, name + ' ' + s.name + ': ' + format(value) + ' ' + options.unit);
              });
              label(root, left + group * index + group / 2, top + plotHeight + 18, name, { 'text-anchor': 'middle' });
            });
            if (series.length > 1) {
              series.forEach(function (s, k) {
                var x = left + k * 110;
                el('rect', { x: x, y: height - 22, width: 12, height: 12, fill: s.color }, root);
                label(root, x + 16, height - 12, s.name);
              });
            }
            drawn++;
          }

          // One coloured cell per (row, column): the verdict grid.
          function matrix(id, rows, columns, verdictAt) {
            var container = document.getElementById(id);
            if (!container || rows.length === 0) { return; }
            var left = 200, top = 26, cellWidth = 104, cellHeight = 24;
            var width = left + columns.length * cellWidth + 10, height = top + rows.length * cellHeight + 10;
            var root = svg(container, width, height, id.replace('-chart', ''));
            columns.forEach(function (c, j) { label(root, left + j * cellWidth + cellWidth / 2, 16, c, { 'text-anchor': 'middle', 'font-weight': 'bold' }); });
            rows.forEach(function (r, i) {
              label(root, 4, top + i * cellHeight + 16, r);
              columns.forEach(function (c, j) {
                var verdict = verdictAt(i, j);
                if (!verdict) { return; }
                var cell = el('rect', { x: left + j * cellWidth + 2, y: top + i * cellHeight + 2, width: cellWidth - 4, height: cellHeight - 4, rx: 4,
                  fill: verdictColors[verdict.verdict] || '#999', 'class': 'cell', 'data-verdict': verdict.verdict }, root);
                tip(cell, r + ' / ' + c + ': ' + verdict.detail);
                label(root, left + j * cellWidth + cellWidth / 2, top + i * cellHeight + 16, verdictNames[verdict.verdict] || verdict.verdict, { 'text-anchor': 'middle', fill: '#fff' });
              });
            });
            drawn++;
          }

          if (kind === 'bench') {
            var results = data.results;
            var names = results.map(function (r) { return r.strategy; });
            barChart('throughput-chart', names, [{ name: 'throughput', values: results.map(function (r) { return r.throughput; }),
              colors: results.map(function (r) { return verdictColors[r.verdict] || '#1565c0'; }) }], { unit: 'ops/s', log: false });
            barChart('latency-chart', names, ['p50', 'p90', 'p99', 'p999'].map(function (p, k) {
              return { name: p, color: seriesColors[k], values: results.map(function (r) { return r.latency[p]; }) };
            }), { unit: 'µs', log: true });
            matrix('verdict-chart', ['verdict'], names, function (i, j) { return { verdict: results[j].verdict, detail: results[j].verdictDetail }; });
          } else {
            var scenarios = data.scenarios, strategies = data.strategies;
            matrix('matrix-chart', scenarios.map(function (s) { return s.number + '. ' + s.name; }), strategies, function (i, j) {
              var outcome = scenarios[i].outcomes[j];
              return outcome ? { verdict: outcome.verdict, detail: outcome.verdictDetail } : null;
            });
            var kinds = ['clean', 'rejected', 'guard-tripped', 'data-lost', 'corrupted'];
            barChart('tally-chart', strategies, kinds.map(function (v) {
              return { name: verdictNames[v], color: verdictColors[v], values: strategies.map(function (s, j) {
                return scenarios.filter(function (sc) { return sc.outcomes[j] && sc.outcomes[j].verdict === v; }).length;
              }) };
            }), { unit: 'scenarios', log: false });
          }
          document.body.setAttribute('data-charts-drawn', String(drawn));
        })();
        """;
}
