// The overview's two charts: needs per hour over the last three days and needs per building. Drawn
// with uPlot (window.uPlot, embedded into linli at build time from npm) when the build had it, as
// plain bars otherwise.
import { el } from './common.js';
import { t } from './i18n.js';

const drawn = new Map();  // container id -> its uPlot, replaced on each refresh

function plainBars(container, values, title) {
  const top = Math.max(1, ...values);
  container.classList.add('hours');
  container.replaceChildren(...values.map((v, i) => {
    const bar = el('span', { title: title(i) });
    bar.style.height = `${(100 * v) / top}%`;
    return bar;
  }));
}

function draw(container, options, data) {
  drawn.get(container.id)?.destroy();
  container.classList.remove('hours');
  container.replaceChildren();
  const width = Math.max(200, container.clientWidth || 300);
  const chart = new window.uPlot({ width, height: 170, legend: { show: false }, ...options }, data, container);
  drawn.set(container.id, chart);
}

const barColour = '#2c6a99';
const counts = { size: 36, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] };

// per_hour: [{hour_ms, requests}], oldest first.
export function perHour(container, hours) {
  if (!window.uPlot) {
    plainBars(container, hours.map((h) => h.requests),
              (i) => `${new Date(hours[i].hour_ms).toLocaleString()}: ${hours[i].requests}`);
    return;
  }
  const x = hours.map((h) => h.hour_ms / 1000);
  const y = hours.map((h) => h.requests);
  draw(container, {
    // Half an hour either side, so the first and last hours' bars show whole.
    scales: { x: { time: true, range: (u, min, max) => [min - 1800, max + 1800] },
              y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{}, counts],
    series: [{}, { label: t('needs'), stroke: barColour, fill: 'rgba(44,106,153,.35)',
                   paths: window.uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false } }],
  }, [x, y]);
}

// by_building: [{key, requests, open}]: all and still open needs of each building.
export function perBuilding(container, rows) {
  if (!window.uPlot) {
    plainBars(container, rows.map((b) => b.requests), (i) => `${rows[i].key || '?'}: ${rows[i].open}/${rows[i].requests}`);
    return;
  }
  const names = rows.map((b) => b.key || '?');
  // Side by side at each building: all its needs, and those still open.
  const all = window.uPlot.paths.bars({ size: [0.35, 40], align: -1 });
  const open = window.uPlot.paths.bars({ size: [0.35, 40], align: 1 });
  draw(container, {
    legend: { show: true, live: false },
    scales: { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] },
              y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ values: (u, ticks) => ticks.map((i) => names[i] ?? ''), splits: () => names.map((n, i) => i), grid: { show: false } },
           counts],
    series: [{ label: t('building') },
             { label: t('all'), stroke: barColour, fill: 'rgba(44,106,153,.35)', paths: all, points: { show: false } },
             { label: t('open'), stroke: '#b3261e', fill: 'rgba(179,38,30,.55)', paths: open, points: { show: false } }],
  }, [names.map((n, i) => i), rows.map((b) => b.requests), rows.map((b) => b.open)]);
}
