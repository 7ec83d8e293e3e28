// 排班: a day's posts × people, the places still open and why, everyone's hours against the daily
// cap. 试排 shows what /assign would place now (the server's plan, the one the chat's /assign
// makes); 确认排班 makes it, through the chat's own /assign as the coordinator.
import { $, api, el, post } from './common.js';
import { t } from './i18n.js';

const refusals = ['outside_slot', 'overlaps', 'over_cap', 'other_group', 'already_on_it'];
let view = null;
let running = false;  // the proposal is shown

function hours(minutes) {
  return String(Math.round((minutes / 60) * 100) / 100);
}

// Why a place is open, in the page's language, from the view's "why".
export function reason(why) {
  if (why.code !== 'refused') return t(`why_${why.code}`);
  const parts = refusals.filter((r) => why.refused[r]).map((r) => t(`refused_${r}`, { n: why.refused[r] }));
  return `${t('whyRoster', { n: why.candidates })}${parts.join(t('comma'))}`;
}

function cell(post, person) {
  const held = post.volunteers.some((v) => v.id === person.volunteer_id);
  if (held) {
    const a = view.assignments.find((x) => x.task_id === post.id && x.volunteer_id === person.volunteer_id);
    const confirmed = a && a.confirmed;
    return el('td', { class: confirmed ? 'held confirmed' : 'held', title: t(confirmed ? 'confirmed' : 'unconfirmed') },
              confirmed ? '✓' : '○');
  }
  const proposed = running && view.proposed.some((p) => p.task_id === post.id && p.volunteer_id === person.volunteer_id);
  return proposed ? el('td', { class: 'proposed', title: t('proposedCell') }, '＋') : el('td', {});
}

// The hours a person holds (and would hold, when the proposal is shown) against the cap.
function hoursCell(person) {
  const minutes = running ? person.proposed_minutes : person.minutes;
  const cap = view.max_minutes;
  const over = minutes > cap;
  const at = minutes === cap;
  const bar = el('span', { class: 'fill' });
  bar.style.width = `${Math.min(100, (100 * minutes) / cap)}%`;
  return el('td', { class: `hours-cell${over ? ' over-cap' : at ? ' at-cap' : ''}` },
            el('span', { class: 'meter', 'aria-hidden': 'true' }, bar),
            `${running && minutes !== person.minutes ? `${hours(person.minutes)} → ` : ''}` +
            `${hours(minutes)} / ${hours(cap)} h${over ? ` ${t('overCap')}` : at ? ` ${t('atCap')}` : ''}`);
}

function render() {
  $('rota-date').value = view.date;
  const posts = view.tasks;
  const open = new Map(view.unfilled.map((u) => [u.task_id, u]));
  $('rota-empty').hidden = posts.length > 0;
  $('rota-grid').hidden = posts.length === 0;
  $('rota-grid').tHead.replaceChildren(el('tr', {}, el('th', {}, t('volunteer')),
    ...posts.map((p) => {
      const missing = open.get(p.id)?.missing;
      return el('th', { 'data-task': p.id, class: missing ? 'short' : '' },
                el('span', {}, `${p.id} ${p.place}`), el('br'), el('small', {}, `${p.start}-${p.end}`), el('br'),
                el('small', {}, `${p.volunteers.length}/${p.capacity}${missing ? ` · ${t('missing', { n: missing })}` : ''}`));
    }),
    el('th', {}, t('hoursCap'))));
  $('rota-grid').tBodies[0].replaceChildren(...view.people.map((person) =>
    el('tr', { 'data-volunteer': person.volunteer_id, class: person.on_roster ? '' : 'off-roster' },
       el('th', { scope: 'row' }, person.name), ...posts.map((p) => cell(p, person)), hoursCell(person))));
  $('rota-unfilled').replaceChildren(...(view.unfilled.length ? view.unfilled.map((u) => {
    const p = posts.find((x) => x.id === u.task_id);
    return el('li', { 'data-task': u.task_id },
              el('b', {}, `${u.task_id} ${p ? `${p.place} ${p.start}-${p.end}` : ''}`),
              ` ${t('missing', { n: u.missing })} · ${reason(u.why)}`);
  }) : [el('li', {}, t('none'))]));
  const n = view.proposed.length;
  $('rota-run').disabled = running || n === 0;
  $('rota-run').textContent = n === 0 ? t('rotaNothing') : t('rotaRun');
  $('rota-confirm').hidden = !running;
  $('rota-confirm').textContent = `${t('rotaConfirm')}（${n} ${t('places')}）`;
  $('rota-legend').hidden = posts.length === 0;
}

export async function loadRota() {
  const date = $('rota-date').value;
  view = await api('rota', date ? `&date=${date}` : '');
  if (running && view.proposed.length === 0) running = false;
  render();
}

export function initRota() {
  $('rota-date').addEventListener('change', () => {
    running = false;
    loadRota();
  });
  $('rota-run').addEventListener('click', () => {
    running = true;
    $('rota-notice').textContent = t('rotaProposal');
    render();
  });
  $('rota-confirm').addEventListener('click', async () => {
    await post('rota/confirm', new URLSearchParams({ date: view.date }), 'rota-notice');
    running = false;
    await loadRota();
  });
}
