// The dashboard's pages of one chat: the overview (今日概览), the needs board (需求), the messages
// linli did not understand (未识别), the signup chain (接龙), the money (账目) and the rota (排班).
import { perBuilding, perHour } from './charts.js';
import { $, api, el, post, state } from './common.js';
import { apply, money, t, toggleLanguage } from './i18n.js';
import { initMoney, loadMoney } from './money.js';
import { initRota, loadRota } from './rota.js';

const statuses = ['open', 'claimed', 'bought', 'delivered', 'cancelled'];
const categories = ['medicine', 'cold_chain', 'food', 'daily', 'other'];
const sorts = ['priority', 'newest', 'oldest', 'number'];
const tabs = ['overview', 'needs', 'unrecognised', 'chain', 'rota', 'money'];

function address(a) {
  if (!a) return '';
  return [a.building, a.unit, a.room].filter((x) => x).join('-');
}

function minutesSince(ms) {
  return Math.max(0, Math.floor((Date.now() - ms) / 60000));
}

async function renderOverview() {
  const [o, d] = await Promise.all([api('overview'), api('donations')]);
  const cards = $('status-cards');
  cards.replaceChildren(...statuses.map((s) =>
    el('div', { class: `card status-${s}` }, el('span', {}, t(s)), el('strong', {}, String(o.by_status[s])))));
  $('money-requested').textContent = money(o.money.requested_cents);
  $('money-spent').textContent = money(o.money.spent_cents);
  $('posts-today').textContent = o.posts.tasks ? `${o.posts.filled} / ${o.posts.needed}` : t('none');
  $('chain-count').textContent = o.chain
    ? `${o.chain.confirmed}${o.chain.capacity ? ` / ${o.chain.capacity}` : ''} · ${o.chain.waitlist}` : t('none');
  $('money-donated').textContent = d.drive ? `${money(d.total_cents)} / ${money(d.drive.goal_cents)}` : t('none');
  const urgent = $('urgent');
  urgent.replaceChildren(...(o.urgent_open.length ? o.urgent_open.map((u) =>
    el('li', {}, el('b', {}, `#${u.id}`), ` ${u.building ?? ''} ${u.text} · ${u.age_minutes} ${t('minutes')}`))
    : [el('li', {}, t('none'))]));
  perHour($('per-hour'), o.per_hour);
  perBuilding($('per-building'), o.by_building);
  $('per-building').setAttribute('aria-label', o.by_building.map((b) => `${b.key || '?'}: ${b.open}/${b.requests}`).join(', '));
}

// The board's filters, order and page, as the server takes them (GET .../requests?...) and as the
// page's address keeps them (#needs?status=open&q=...), so a filtered board can be bookmarked.
const boardFields = ['status', 'category', 'building', 'urgent', 'q', 'sort'];
const pageSize = 50;

function boardParams() {
  const p = new URLSearchParams();
  const values = {
    status: $('f-status').value, category: $('f-category').value,
    building: $('f-building').value.trim(), urgent: $('f-urgent').checked ? '1' : '',
    q: $('f-text').value.trim(), sort: $('f-sort').value,
  };
  for (const f of boardFields) if (values[f]) p.set(f, values[f]);
  if (state.offset) p.set('offset', String(state.offset));
  return p;
}

function fillFilters(p) {
  $('f-status').value = p.get('status') ?? '';
  $('f-category').value = p.get('category') ?? '';
  $('f-building').value = p.get('building') ?? '';
  $('f-urgent').checked = p.get('urgent') === '1';
  $('f-text').value = p.get('q') ?? '';
  $('f-sort').value = p.get('sort') ?? 'priority';
  state.offset = Math.max(0, Number(p.get('offset')) || 0);
}

function hashParams() {
  const hash = location.hash.slice(1);
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

function remember() {
  const p = boardParams().toString();
  history.replaceState(null, '', `#${state.tab}${state.tab === 'needs' && p ? `?${p}` : ''}`);
}

// 改 #N 类别:X from the board's category cell.
async function recategorise(r, category) {
  await post(`requests/${r.id}/category`, new URLSearchParams({ category }), 'notice');
  await loadBoard();
}

function categoryCell(r) {
  const select = el('select', { 'data-category': String(r.id), 'aria-label': `${t('category')} #${r.id}` },
                    ...categories.map((c) => el('option', { value: c }, t(c))));
  select.value = r.category;
  const editable = r.status === 'open' || r.status === 'claimed';
  if (!editable) select.disabled = true;
  select.addEventListener('change', () => recategorise(r, select.value));
  return el('td', {}, select);
}

// Runs an action through the chat's own command (the server sends it as the coordinator).
async function act(r, action) {
  const body = new URLSearchParams();
  if (action === 'assign') {
    const volunteer = prompt(t('assignPrompt'), r.claimed_by_name ?? '');
    if (volunteer === null || !volunteer.trim()) return;
    body.set('volunteer', volunteer.trim());
  }
  if (action === 'bought') {
    const paid = prompt(t('paidPrompt'), '');
    if (paid === null) return;
    if (paid.trim()) body.set('paid', paid.trim());
  }
  await post(`requests/${r.id}/${action}`, body, 'notice');
  await loadBoard();
}

function actions(r) {
  const cell = el('td', { class: 'actions' });
  const allowed = {
    assign: r.status === 'open' || r.status === 'claimed',
    delivered: r.status === 'claimed' || r.status === 'bought',
    bought: r.status === 'claimed',
    cancel: r.status !== 'delivered' && r.status !== 'cancelled',
  };
  for (const [action, ok] of Object.entries(allowed)) {
    if (!ok) continue;
    const button = el('button', { type: 'button', 'data-action': action }, t(`do_${action}`));
    button.addEventListener('click', () => act(r, action));
    cell.append(button);
  }
  return cell;
}

function renderBoard() {
  const rows = state.board.map((r) => {
    const tr = el('tr', { 'data-id': String(r.id), class: `status-${r.status}${r.urgent ? ' urgent' : ''}` },
      el('td', {}, `#${r.id}`), el('td', {}, t(r.status)), categoryCell(r), el('td', {}, address(r.address)),
      el('td', {}, r.requester_name), el('td', {}, r.text), el('td', {}, money(r.amount_cents)),
      el('td', {}, r.claimed_by_name ?? ''), el('td', {}, `${minutesSince(r.created_ms)} ${t('minutes')}`),
      actions(r));
    tr.tabIndex = 0;
    return tr;
  });
  $('board').tBodies[0].replaceChildren(...rows);
  const first = state.total ? state.offset + 1 : 0;
  $('page-info').textContent = `${first}–${state.offset + state.board.length} / ${state.total}`;
  $('page-prev').disabled = state.offset === 0;
  $('page-next').disabled = state.offset + state.board.length >= state.total;
}

// Arrow keys move between the board's rows (each one a tab stop), Home and End to the ends.
function boardKeys(e) {
  const row = e.target.closest('tr[data-id]');
  if (!row || e.target !== row) return;
  const rows = [...$('board').tBodies[0].rows];
  const at = rows.indexOf(row);
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
}

function when(ms) {
  return new Date(ms).toLocaleString(document.documentElement.lang, { hour12: false });
}

// 未识别: a page of messages that parsed as nothing; "older" appends the next page. Each can be
// logged as the need or offer it was (代登记), its text corrected first.
async function loadUnrecognised(more = false) {
  const [page, corrections] = await Promise.all([
    api('unrecognised', more && state.before ? `&before=${state.before}` : ''),
    api('corrections', '&format=json'),
  ]);
  state.corrected = new Set(corrections.corrections.map((c) => c.id));
  state.unrecognised = more ? state.unrecognised.concat(page.messages) : page.messages;
  state.before = page.next_before;
  $('unrecognised-list').tBodies[0].replaceChildren(...state.unrecognised.map((m) =>
    el('tr', { 'data-seq': String(m.seq) }, el('td', {}, String(m.seq)), el('td', {}, when(m.received_at_ms)),
       el('td', {}, m.sender.name || m.sender.id), el('td', { class: 'text' }, m.text), correctCell(m))));
  $('unrecognised-more').hidden = state.before === null;
}

function correctCell(m) {
  const cell = el('td', { class: 'actions' });
  if (state.corrected.has(`x${m.seq}`)) {
    cell.append(t('corrected'));
    return cell;
  }
  for (const as of ['need', 'offer']) {
    const button = el('button', { type: 'button', 'data-correct': as }, t(`as_${as}`));
    button.addEventListener('click', () => openCorrection(m, as, cell));
    cell.append(button);
  }
  return cell;
}

// The form under a message: its text, editable (fill in the address, the item), then log it.
function openCorrection(m, as, cell) {
  const text = el('textarea', { rows: '2', 'aria-label': t('correctText') });
  text.value = m.text;
  const save = el('button', { type: 'submit' }, t(`as_${as}`));
  const cancel = el('button', { type: 'button' }, t('do_cancel'));
  const form = el('form', { class: 'correct', 'data-as': as }, text, save, cancel);
  cancel.addEventListener('click', () => loadUnrecognised());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = new URLSearchParams();
    if (text.value.trim() !== m.text.trim()) body.set('text', text.value.trim());
    const result = await post(`unrecognised/${m.seq}/${as}`, body, 'unrecognised-notice');
    if (result.done) await loadUnrecognised();
  });
  cell.replaceChildren(form);
  text.focus();
}

// 接龙's actions: /chain close, open, cap N from the page.
async function chainAction(action, body = new URLSearchParams()) {
  await post(`chain/${action}`, body, 'chain-notice');
  await loadChain();
}

// 接龙: the current chain with its waiting list, and what linli answered its latest copies.
async function loadChain() {
  const { chain, copies } = await api('chain');
  $('chain-title').textContent = chain ? chain.title : t('noChain');
  $('chain-actions').hidden = !chain;
  if (chain) {
    $('chain-close').hidden = chain.closed;
    $('chain-open').hidden = !chain.closed;
    if (document.activeElement !== $('chain-cap')) $('chain-cap').value = chain.capacity ?? '';
  }
  const confirmed = chain ? chain.entries.filter((e) => e.status === 'confirmed').length : 0;
  $('chain-state').textContent = chain
    ? `${t(chain.closed ? 'chainClosed' : 'chainOpen')} · ${confirmed}${chain.capacity ? ` / ${chain.capacity} ${t('capacity')}` : ` ${t('entries')}`}`
    : '';
  $('chain-entries').tBodies[0].replaceChildren(...(chain ? chain.entries : []).map((e) =>
    el('tr', { class: `entry-${e.status}` }, el('td', {}, String(e.position)), el('td', {}, e.name),
       el('td', { class: 'text' }, e.detail ?? ''), el('td', {}, e.slot ?? ''), el('td', {}, t(e.status)))));
  $('chain-copies').tBodies[0].replaceChildren(...copies.map((m) =>
    el('tr', {}, el('td', {}, when(m.received_at_ms)), el('td', {}, m.sender.name || m.sender.id),
       el('td', { class: 'text' }, m.replies.map((r) => r.text).join('\n')))));
}

async function loadBoard() {
  const p = boardParams();
  p.set('limit', String(pageSize));
  const page = await api('requests', `&${p}`);
  if (page.total > 0 && page.offset >= page.total) {
    state.offset = Math.floor((page.total - 1) / pageSize) * pageSize;  // past the end: last page
    return loadBoard();
  }
  state.board = page.requests;
  state.total = page.total;
  remember();
  renderBoard();
}

let typing = null;
function filtersChanged() {
  state.offset = 0;
  clearTimeout(typing);
  typing = setTimeout(loadBoard, 150);  // one request per pause in typing, not per key
}

// Server-Sent Events of the chat: every stored message may change what the page shows.
function listen() {
  if (state.events) state.events.close();
  const chat = state.chat;
  if (!chat) return;
  state.events = new EventSource(`/dash/events?chat=${encodeURIComponent(chat.chat_id)}` +
                                 `&platform=${encodeURIComponent(chat.platform)}`);
  state.events.addEventListener('message', () => refresh());
  state.events.addEventListener('open', () => document.body.classList.add('live'));
  state.events.addEventListener('error', () => document.body.classList.remove('live'));
}

// The report downloads of the chat shown.
function links() {
  const chat = state.chat;
  if (!chat) return;
  const base = `/dash/api/chats/${encodeURIComponent(chat.chat_id)}/report?platform=${encodeURIComponent(chat.platform)}`;
  $('report-xlsx').href = `${base}&format=xlsx`;
  $('report-csv').href = `${base}&format=csv`;
  $('corrections-export').href = `/dash/api/chats/${encodeURIComponent(chat.chat_id)}/corrections` +
                                 `?platform=${encodeURIComponent(chat.platform)}&format=jsonl`;
}

async function refresh() {
  if (!state.chat) return;
  links();
  if (state.tab === 'overview') await renderOverview();
  else if (state.tab === 'needs') await loadBoard();
  // A correction being written is not swept away by the next message.
  else if (state.tab === 'unrecognised') {
    if (!document.querySelector('form.correct')) await loadUnrecognised();
  }
  else if (state.tab === 'money') await loadMoney();
  else if (state.tab === 'rota') await loadRota();
  else await loadChain();
}

function fillSelect(select, values) {
  const keep = select.value;
  select.replaceChildren(el('option', { value: '' }, t('all')),
                         ...values.map((v) => el('option', { value: v }, t(v))));
  select.value = keep;
}

function fillSorts() {
  const select = $('f-sort');
  const keep = select.value || 'priority';
  select.replaceChildren(...sorts.map((v) => el('option', { value: v }, t(`sort_${v}`))));
  select.value = keep;
}

function show(tab) {
  state.tab = tab;
  remember();
  for (const name of tabs) {
    $(name).hidden = name !== tab;
    $(`tab-${name}`).setAttribute('aria-pressed', String(name === tab));
  }
  refresh();
}

async function start() {
  const answer = await fetch('/dash/api/session');
  if (!answer.ok) {
    location.href = '/dash/login';
    return;
  }
  state.session = await answer.json();
  apply();
  $('who').textContent = state.session.name;
  const chats = $('chat');
  chats.replaceChildren(...state.session.chats.map((c, i) =>
    el('option', { value: String(i) }, c.platform === 'generic' ? c.chat_id : `${c.platform}:${c.chat_id}`)));
  state.chat = state.session.chats[0] ?? null;
  chats.addEventListener('change', () => {
    state.chat = state.session.chats[Number(chats.value)];
    listen();
    refresh();
  });
  fillSelect($('f-status'), statuses);
  fillSelect($('f-category'), categories);
  fillSorts();
  fillFilters(hashParams());
  $('filters').addEventListener('input', filtersChanged);
  $('page-prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - pageSize);
    loadBoard();
  });
  $('page-next').addEventListener('click', () => {
    state.offset += pageSize;
    loadBoard();
  });
  $('board').addEventListener('keydown', boardKeys);
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  for (const name of tabs) $(`tab-${name}`).addEventListener('click', () => show(name));
  $('unrecognised-more').addEventListener('click', () => loadUnrecognised(true));
  initRota();
  initMoney();
  $('chain-close').addEventListener('click', () => chainAction('close'));
  $('chain-open').addEventListener('click', () => chainAction('open'));
  $('chain-cap-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const cap = $('chain-cap').value.trim();
    chainAction('cap', new URLSearchParams({ cap: cap || 'none' }));
  });
  $('lang').addEventListener('click', () => {
    toggleLanguage();
    apply();
    fillSelect($('f-status'), statuses);
    fillSelect($('f-category'), categories);
    fillSorts();
    refresh();
  });
  $('logout').addEventListener('click', async () => {
    await fetch('/dash/logout', { method: 'POST', headers: { 'X-CSRF-Token': state.session.csrf } });
    location.href = '/dash/login';
  });
  const asked = location.hash.slice(1).split('?')[0];
  show(tabs.includes(asked) ? asked : 'overview');
  listen();
}

start();
