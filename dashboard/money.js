// 账目: what each volunteer paid out (the reimbursement list), money by building, category and
// item; the group buys' order sheet merged per household (printable on its own, as group-buy
// tools print them), and the donation drive with its donors.
import { $, api, el } from './common.js';
import { money, t } from './i18n.js';

// A tally (by building, category or item) as table rows.
function tallyRows(view, label = (k) => k) {
  return [
    el('tr', {}, el('th', {}, t(view.by === 'item' ? 'item' : view.by)), el('th', {}, t('needs')),
       ...(view.by === 'item' ? [el('th', {}, t('quantity'))] : []), el('th', {}, t('amount'))),
    ...view.rows.map((r) => el('tr', {}, el('td', {}, label(r.key) || '?'), el('td', {}, String(r.requests)),
       ...(view.by === 'item' ? [el('td', {}, `${r.quantity ?? ''}${r.unit ?? ''}`)] : []),
       el('td', {}, money(r.amount_cents)))),
  ];
}

async function loadReimbursements() {
  const m = await api('money');
  $('money-volunteers').tBodies[0].replaceChildren(...(m.reimbursements.length ? m.reimbursements.map((v) =>
    el('tr', {}, el('td', {}, v.volunteer), el('td', {}, v.requests.map((n) => `#${n}`).join(' ')),
       el('td', {}, money(v.spent_cents))))
    : [el('tr', {}, el('td', { colspan: '3' }, t('none')))]));
  $('money-paid-total').textContent = money(m.spent_cents);
  $('money-building').tBodies[0].replaceChildren(...tallyRows(m.by_building));
  $('money-category').tBodies[0].replaceChildren(...tallyRows(m.by_category, t));
  $('money-item').tBodies[0].replaceChildren(...tallyRows(m.by_item));
}

function quantities(items) {
  return items.map((i) => `${i.title} ${i.quantity}${i.unit}`).join(t('comma'));
}

// One table per building: a line per household with everything it ordered, then the subtotal.
async function loadOrders() {
  const date = $('orders-date').value;
  const sheet = await api('orders', date ? `&date=${date}` : '');
  $('orders-buys').textContent = sheet.buys.length
    ? sheet.buys.map((b) => `${b.title} ${money(b.unit_price_cents)}/${b.unit}${b.closed ? '' : ` (${t('buyOpen')})`}`).join(t('comma'))
    : t('noBuys');
  $('orders-sheet').replaceChildren(...sheet.buildings.map((b) => el('table', { class: 'list sheet', 'data-building': b.building },
    el('caption', {}, b.building ? t('buildingN', { n: b.building }) : t('noAddress')),
    el('thead', {}, el('tr', {}, el('th', {}, t('household')), el('th', {}, t('name')), el('th', {}, t('items')),
                       el('th', { class: 'num' }, t('amount')))),
    el('tbody', {}, ...b.households.map((h) => el('tr', {}, el('td', {}, h.household), el('td', {}, h.name),
                                                 el('td', { class: 'text' }, quantities(h.items)),
                                                 el('td', { class: 'num' }, money(h.amount_cents))))),
    el('tfoot', {}, el('tr', {}, el('th', {}, t('subtotal')), el('th', {}, t('householdsN', { n: b.households.length })),
                       el('th', { class: 'text' }, quantities(b.items)), el('th', { class: 'num' }, money(b.amount_cents)))))));
  $('orders-total').textContent = sheet.households
    ? `${t('total')}：${quantities(sheet.items)} · ${t('householdsN', { n: sheet.households })} · ${money(sheet.amount_cents)}`
    : '';
}

async function loadDonations() {
  const d = await api('donations');
  $('donations-title').textContent = d.drive
    ? `${d.drive.title} · ${t('raised')} ${money(d.total_cents)} / ${money(d.drive.goal_cents)}${d.goal_reached ? ` · ${t('goalReached')}` : ''}`
    : t('noDrive');
  $('donations-donors').tBodies[0].replaceChildren(...(d.donors.length ? d.donors.map((x) =>
    el('tr', {}, el('td', {}, x.name), el('td', { class: 'num' }, String(x.gifts)), el('td', { class: 'num' }, money(x.cents))))
    : [el('tr', {}, el('td', { colspan: '3' }, t('none')))]));
  $('donations-total').textContent = money(d.total_cents);
  $('donations-count').textContent = t('donorsN', { n: d.donors.length });
}

export async function loadMoney() {
  await Promise.all([loadReimbursements(), loadOrders(), loadDonations()]);
}

export function initMoney() {
  $('orders-date').addEventListener('change', loadOrders);
  // Printing the sheet prints the sheet only (style.css, @media print).
  $('orders-print').addEventListener('click', () => {
    document.body.classList.add('print-orders');
    window.print();
  });
  window.addEventListener('afterprint', () => document.body.classList.remove('print-orders'));
}
