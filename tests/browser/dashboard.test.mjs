// The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium, never a downloaded one)
// driven by playwright-core, against the real linli binary. Run by CTest (label "browser"):
//   LINLI_BINARY=build/linli LINLI_SCREENSHOTS=build/screenshots node dashboard.test.mjs
// Exits 77 (CTest: skipped) when Chromium or playwright-core is not installed.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const CHROMIUM = process.env.LINLI_CHROMIUM || '/usr/bin/chromium';
const BINARY = process.env.LINLI_BINARY || new URL('../../build/linli', import.meta.url).pathname;
const SHOTS = process.env.LINLI_SCREENSHOTS || join(tmpdir(), 'linli-screenshots');
const SECRET = 'browser-secret';
const TOKEN = 'browser-token';
const PASSWORD = 'correct horse';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.log('skipped: playwright-core is not installed (npm ci in tests/browser)');
  process.exit(77);
}
if (!existsSync(CHROMIUM)) {
  console.log(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  process.exit(77);
}

// The generic platform's send API: records what the bot says in the group.
const sent = [];
const stub = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    sent.push(JSON.parse(body));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
});
await new Promise((r) => stub.listen(0, '127.0.0.1', r));

const work = mkdtempSync(join(tmpdir(), 'linli-browser-'));
const db = join(work, 'linli.db');
writeFileSync(join(work, 'linli.json'), JSON.stringify({ dashboard: { max_failures: 3 } }));
for (const name of ['wang', 'li']) {
  const r = spawnSync(BINARY, ['user', 'add', name, '--chat', 'g1', '--db', db],
                      { input: `${PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}
const env = { ...process.env, LINLI_GENERIC_SECRET: SECRET, LINLI_API_TOKEN: TOKEN,
              LINLI_GENERIC_OUTBOUND_URL: `http://127.0.0.1:${stub.address().port}/out` };
const server = spawn(BINARY, ['serve', '--config', join(work, 'linli.json'), '--port', '0', '--db', db],
                     { env, stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  server.stdout.once('data', (line) => {
    const m = /listening on http:\/\/[^:]+:(\d+)/.exec(line.toString());
    m ? resolve(Number(m[1])) : reject(new Error(`linli did not start: ${line}`));
  });
  server.once('exit', (code) => reject(new Error(`linli exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;

function http(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

let n = 0;
async function say(text, sender = 'r1', name = '王阿姨', role = 'member') {
  const body = JSON.stringify({ chat_id: 'g1', message_id: `b${++n}`, sender: { id: sender, name, role },
                                text, timestamp: Math.floor(Date.now() / 1000) });
  const signature = createHmac('sha256', SECRET).update(body).digest('hex');
  const r = await http('POST', '/v1/webhook/generic', body,
                       { 'Content-Type': 'application/json', 'X-Linli-Signature': `sha256=${signature}` });
  assert.equal(r.status, 200, r.body);
}

async function waitFor(check, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const results = [];
async function test(name, body) {
  try {
    await body();
    results.push([name, 'ok']);
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push([name, e]);
    console.log(`not ok - ${name}\n${e.stack}`);
  }
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  await test('a wrong password is refused, the right one logs in', async () => {
    await page.goto(`${base}/dash/`);
    assert.match(page.url(), /\/dash\/login$/);
    await page.fill('#name', 'wang');
    await page.fill('#password', 'not the password');
    await page.click('button[type=submit]');
    await page.waitForSelector('#error:not([hidden])');
    assert.equal(await page.textContent('#error'), '账号或密码错误');
    await page.screenshot({ path: join(SHOTS, 'login-refused.png') });
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dash/`);
    await page.waitForSelector('#status-cards .card');
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });
  });

  await test('repeated wrong passwords lock the account', async () => {
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${base}/dash/login`);
    await other.fill('#name', 'li');
    for (let i = 0; i < 3; ++i) {
      await other.fill('#password', `guess ${i}`);
      await other.click('button[type=submit]');
      await other.waitForSelector('#error:not([hidden])');
      assert.equal(await other.textContent('#error'), '账号或密码错误');
      await other.evaluate(() => { document.getElementById('error').hidden = true; });
    }
    await other.fill('#password', PASSWORD);
    await other.click('button[type=submit]');
    await other.waitForSelector('#error:not([hidden])');
    assert.match(await other.textContent('#error'), /锁定/);
    await other.screenshot({ path: join(SHOTS, 'login-locked.png') });
  });

  await test('a message posted to the webhook appears on the needs board live', async () => {
    await page.click('#tab-needs');
    await page.waitForSelector('#board');
    await page.waitForSelector('body.live');
    const started = Date.now();
    await say('3号楼2单元501 需要 硝苯地平 2盒');
    await page.waitForSelector('#board tr[data-id="1"]', { timeout: 3000 });
    console.log(`# the need appeared ${Date.now() - started} ms after the webhook answered`);
    assert.match(await page.textContent('#board tr[data-id="1"]'), /硝苯地平/);
  });

  await test('marking it delivered announces it in the group and /requests agrees', async () => {
    await say('认领 #1', 'v1', '小李');
    await page.waitForSelector('#board tr[data-id="1"] button[data-action="delivered"]');
    await page.click('#board tr[data-id="1"] button[data-action="delivered"]');
    // The page's CSP forbids eval, so conditions are polled from here, not waitForFunction.
    const notice = await waitFor(async () => (await page.textContent('#notice')) || null);
    assert.equal(notice, '后台：#1 已送达（协调员 wang）');
    const announced = await waitFor(() => sent.find((m) => m.text === '后台：#1 已送达（协调员 wang）'));
    assert.ok(announced, `not announced; sent: ${JSON.stringify(sent)}`);
    const r = await http('GET', '/v1/chats/g1/requests', null, { Authorization: `Bearer ${TOKEN}` });
    assert.equal(JSON.parse(r.body).requests[0].status, 'delivered');
    await page.screenshot({ path: join(SHOTS, 'needs.png'), fullPage: true });
  });

  await test('a POST without the CSRF token is refused', async () => {
    await say('5号楼 需要 大米10斤');
    const status = await page.evaluate(async () =>
      (await fetch('/dash/api/chats/g1/requests/2/cancel', { method: 'POST' })).status);
    assert.equal(status, 403);
    const r = await http('GET', '/v1/chats/g1/requests', null, { Authorization: `Bearer ${TOKEN}` });
    assert.equal(JSON.parse(r.body).requests[1].status, 'open');
  });

  await test('a message linli did not understand is listed under 未识别, live', async () => {
    await page.click('#tab-unrecognised');
    await page.waitForSelector('#unrecognised-list');
    await say('楼下的快递到了吗', 'r7', '赵大爷');
    const row = await waitFor(async () => {
      const text = await page.textContent('#unrecognised-list tbody');
      return text.includes('楼下的快递到了吗') ? text : null;
    });
    assert.ok(row, 'the chatter did not appear');
    assert.match(row, /赵大爷/);
    assert.doesNotMatch(row, /硝苯地平/);  // a need is not "not understood"
    await page.screenshot({ path: join(SHOTS, 'unrecognised.png'), fullPage: true });
  });

  await test('the chain page shows the roster with its waiting list and the copies', async () => {
    await say('#接龙 明天核酸志愿者\n限2人\n1. 张老师', 'c1', '张老师');
    await say('#接龙 明天核酸志愿者\n限2人\n1. 张老师\n2. 刘洋\n3. 赵敏', 'c2', '刘洋');
    await page.click('#tab-chain');
    const rows = await waitFor(async () => {
      const n = await page.locator('#chain-entries tbody tr').count();
      return n === 3 ? n : null;
    });
    assert.equal(rows, 3);
    assert.equal(await page.textContent('#chain-title'), '明天核酸志愿者');
    assert.match(await page.textContent('#chain-entries tbody tr:nth-child(3)'), /赵敏.*候补/);
    assert.match(await page.textContent('#chain-state'), /2 \/ 2/);
    assert.equal(await page.locator('#chain-copies tbody tr').count(), 2);
    await page.screenshot({ path: join(SHOTS, 'chain.png'), fullPage: true });
  });

  await test('the board filters on the server, keeps its filters in the address, moves by keys', async () => {
    await say('12栋602 胰岛素 急 需冷藏', 'r8', '李叔');
    await page.click('#tab-needs');
    await page.waitForSelector('#board tr[data-id="3"]');
    await page.selectOption('#f-category', 'medicine');
    await page.fill('#f-text', '胰岛素');
    const only = await waitFor(async () => {
      const ids = await page.locator('#board tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.id));
      return ids.length === 1 && ids[0] === '3' ? ids : null;
    });
    assert.deepEqual(only, ['3']);
    assert.match(page.url(), /#needs\?.*category=medicine/);
    assert.match(decodeURIComponent(page.url()), /q=胰岛素/);
    assert.match(await page.textContent('#page-info'), /1–1 \/ 1/);
    await page.screenshot({ path: join(SHOTS, 'needs-filtered.png'), fullPage: true });
    // The address alone brings the same board back.
    const again = await context.newPage();
    await again.goto(page.url());
    await again.waitForSelector('#board tr[data-id="3"]');
    assert.equal(await again.locator('#board tbody tr').count(), 1);
    assert.equal(await again.inputValue('#f-text'), '胰岛素');
    await again.close();
    // Clear the filters; arrow keys walk the rows.
    await page.selectOption('#f-category', '');
    await page.fill('#f-text', '');
    await waitFor(async () => (await page.locator('#board tbody tr').count()) === 3 || null);
    await page.focus('#board tbody tr:first-child');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement.dataset.id);
    const second = await page.locator('#board tbody tr:nth-child(2)').getAttribute('data-id');
    assert.equal(focused, second);
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id),
                 await page.locator('#board tbody tr:last-child').getAttribute('data-id'));
  });

  await test('a need is filed under another category from the board', async () => {
    await page.selectOption('#board select[data-category="2"]', 'daily');
    const notice = await waitFor(async () => {
      const text = await page.textContent('#notice');
      return text.includes('类别改为') ? text : null;
    });
    assert.equal(notice, '后台：#2 类别改为 日用品（协调员 wang）');
    const r = await http('GET', '/v1/chats/g1/requests', null, { Authorization: `Bearer ${TOKEN}` });
    assert.equal(JSON.parse(r.body).requests[1].category, 'daily');
    assert.ok(await waitFor(() => sent.find((m) => m.text === notice)), 'not announced');
  });

  await test('a need is assigned to a volunteer from the board', async () => {
    page.once('dialog', (d) => d.accept('小李'));
    await page.click('#board tr[data-id="2"] button[data-action="assign"]');
    const notice = await waitFor(async () => {
      const text = await page.textContent('#notice');
      return text.includes('指派给') ? text : null;
    });
    assert.equal(notice, '后台：#2 指派给 小李（协调员 wang）');
    assert.ok(await waitFor(() => sent.find((m) => m.text === notice)), 'not announced');
    const r = await http('GET', '/v1/chats/g1/requests', null, { Authorization: `Bearer ${TOKEN}` });
    const need = JSON.parse(r.body).requests[1];
    assert.equal(need.status, 'claimed');
    assert.equal(need.claimed_by, 'v1');  // 小李, who claimed #1 in the chat
    await waitFor(async () => (await page.textContent('#board tr[data-id="2"]')).includes('小李') || null);
    await page.screenshot({ path: join(SHOTS, 'needs-assigned.png'), fullPage: true });
  });

  await test('a message not understood is logged as a need from 未识别', async () => {
    await say('我家老爷子常用的那个快用完了', 'r9', '孙奶奶');
    await page.click('#tab-unrecognised');
    const row = await waitFor(async () => {
      const rows = page.locator('#unrecognised-list tbody tr', { hasText: '我家老爷子常用的那个快用完了' });
      return (await rows.count()) === 1 ? rows : null;
    });
    assert.ok(row, 'the message is not listed');
    await row.locator('button[data-correct="need"]').click();
    await row.locator('textarea').fill('6号楼1单元302 需要 硝苯地平 2盒');
    await page.screenshot({ path: join(SHOTS, 'unrecognised-correct.png'), fullPage: true });
    await row.locator('button[type=submit]').click();
    const notice = await waitFor(async () => {
      const text = await page.textContent('#unrecognised-notice');
      return text.includes('已登记') ? text : null;
    });
    assert.match(notice, /^后台：孙奶奶 的消息已登记为需求 #4（协调员 wang）$/);
    assert.ok(await waitFor(() => sent.find((m) => m.text === notice)), 'not announced');
    const r = await http('GET', '/v1/chats/g1/requests', null, { Authorization: `Bearer ${TOKEN}` });
    const need = JSON.parse(r.body).requests.find((q) => q.id === 4);
    assert.equal(need.requester_id, 'r9');
    assert.equal(need.items[0].name, '硝苯地平');
    const marked = await waitFor(async () => {
      const text = await page.locator('#unrecognised-list tbody tr', { hasText: '我家老爷子常用的那个快用完了' }).textContent();
      return text.includes('已代登记') ? text : null;
    });
    assert.ok(marked, 'the row is not marked as logged');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#corrections-export')]);
    const file = join(SHOTS, 'corrections.jsonl');
    await download.saveAs(file);
    const { readFileSync } = await import('node:fs');
    const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records.length, 1);
    assert.equal(records[0].text, '我家老爷子常用的那个快用完了');
    assert.equal(records[0].label.kind, 'need');
  });

  await test('the chain is closed, reopened and capped from the page', async () => {
    await page.click('#tab-chain');
    await page.waitForSelector('#chain-actions:not([hidden])');
    await page.click('#chain-close');
    const closed = await waitFor(async () => {
      const text = await page.textContent('#chain-notice');
      return text.includes('已截止') ? text : null;
    });
    assert.equal(closed, '后台：接龙「明天核酸志愿者」已截止（协调员 wang）');
    await page.waitForSelector('#chain-open:not([hidden])');
    assert.match(await page.textContent('#chain-state'), /已截止/);
    await page.click('#chain-open');
    await page.waitForSelector('#chain-close:not([hidden])');
    await page.fill('#chain-cap', '3');
    await page.press('#chain-cap', 'Enter');
    const capped = await waitFor(async () => {
      const text = await page.textContent('#chain-notice');
      return text.includes('名额') ? text : null;
    });
    assert.equal(capped, '后台：接龙「明天核酸志愿者」名额 3（协调员 wang）');
    // 赵敏 moved up from 候补.
    const row = await waitFor(async () => {
      const text = await page.textContent('#chain-entries tbody tr:nth-child(3)');
      return text.includes('已确认') ? text : null;
    });
    assert.ok(row, 'the waiting list did not move up');
    assert.ok(await waitFor(() => sent.find((m) => m.text === capped)), 'not announced');
    await page.screenshot({ path: join(SHOTS, 'chain-actions.png'), fullPage: true });
  });

  await test('the rota is planned and confirmed from the page', async () => {
    // Two posts tomorrow for the chain's three: the second would take someone past 8 hours.
    await say('/task add 东门岗 明天 08:00-12:00 需2人', 'boss', '主任', 'admin');
    await say('/task add 3号楼 配送 明天 14:00-20:00 需2人', 'boss', '主任', 'admin');
    await page.click('#tab-rota');
    const people = await waitFor(async () => {
      const count = await page.locator('#rota-grid tbody tr').count();
      return count === 3 ? count : null;
    });
    assert.equal(people, 3);
    assert.equal(await page.locator('#rota-grid thead th[data-task]').count(), 2);
    assert.equal(await page.locator('#rota-grid td.held').count(), 0);
    await page.click('#rota-run');
    assert.equal(await page.locator('#rota-grid td.proposed').count(), 3);
    assert.match(await page.textContent('#rota-unfilled'), /T2 3号楼 14:00-20:00 缺2人 · 名单 3 人中：2人将超过工时上限，1人已在此岗/);
    assert.match(await page.textContent('#rota-grid tbody'), /4 \/ 8 h/);
    await page.screenshot({ path: join(SHOTS, 'rota-plan.png'), fullPage: true });
    await page.click('#rota-confirm');
    const [, month, day] = new Date(Date.now() + 86400000)
      .toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).split('-');
    const expected = `后台：${Number(month)}-${day} 排班已确认，3 人次（协调员 wang）`;
    const notice = await waitFor(async () => {
      const text = await page.textContent('#rota-notice');
      return text.includes('排班已确认') ? text : null;
    });
    assert.equal(notice, expected);
    assert.ok(await waitFor(() => sent.find((m) => m.text === expected)), 'not announced');
    await waitFor(async () => (await page.locator('#rota-grid td.held').count()) === 3 || null);
    assert.equal(await page.locator('#rota-grid td.held').count(), 3);
    assert.equal(await page.locator('#rota-grid td.proposed').count(), 0);
    const date = await page.inputValue('#rota-date');
    const r = await http('GET', `/v1/chats/g1/assignments?date=${date}`, null, { Authorization: `Bearer ${TOKEN}` });
    assert.equal(JSON.parse(r.body).assignments.length, 3);
    await page.screenshot({ path: join(SHOTS, 'rota.png'), fullPage: true });
    // On a phone the grid scrolls inside its frame, never the page.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${base}/dash/#rota`);
    await phone.waitForSelector('#rota-grid td.held');
    const overflow = await phone.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await phone.screenshot({ path: join(SHOTS, 'rota-360.png'), fullPage: true });
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow} px`);
    await phone.close();
  });

  await test('the money page lists what each volunteer paid', async () => {
    await say('已买 #2 实付 45.50', 'v1', '小李');
    await page.click('#tab-money');
    const row = await waitFor(async () => {
      const text = await page.textContent('#money-volunteers tbody');
      return text.includes('小李') ? text : null;
    });
    assert.match(row, /小李#2¥45\.50/);
    assert.equal(await page.textContent('#money-paid-total'), '¥45.50');
    assert.match(await page.textContent('#money-category'), /药品/);
    await page.screenshot({ path: join(SHOTS, 'money.png'), fullPage: true });
  });

  await test('the money page prints the group-buy sheet per household and lists the donors', async () => {
    await say('/团购 蔬菜包 68元/份', 'boss', '主任', 'admin');
    await say('3-1-201 2份', 'r1', '王阿姨');
    await say('12-1-101 1份', 'r8', '李叔');
    await say('/团购 结束', 'boss', '主任', 'admin');
    await say('/团购 鸡蛋 30元/箱', 'boss', '主任', 'admin');
    await say('3-1-201 1箱', 'r1', '王阿姨');
    await say('/募捐 500 防疫物资', 'boss', '主任', 'admin');
    await say('捐 200', 'r1', '王阿姨');
    await say('捐款50元', 'r8', '李叔');
    await page.click('#tab-overview');
    await page.click('#tab-money');
    const line = await waitFor(async () => {
      const rows = page.locator('#orders-sheet table[data-building="3"] tbody tr');
      // The page may show its last answer first (before the second buy): wait for the new one.
      const text = (await rows.count()) === 1 ? await rows.first().textContent() : null;
      return text && text.includes('鸡蛋') ? text : null;
    });
    assert.equal(line, '3-1-201王阿姨蔬菜包 2份，鸡蛋 1箱¥166.00');
    assert.match(await page.textContent('#orders-sheet table[data-building="3"] caption'), /3号楼/);
    assert.match(await page.textContent('#orders-sheet table[data-building="12"] tfoot'), /小计1 户蔬菜包 1份¥68.00/);
    assert.match(await page.textContent('#orders-total'), /蔬菜包 3份，鸡蛋 1箱 · 2 户 · ¥234.00/);
    // The donations come in an answer of their own, perhaps after the orders'.
    const title = await waitFor(async () => {
      const t = await page.textContent('#donations-title');
      return /防疫物资/.test(t) ? t : null;
    });
    assert.match(title ?? '', /防疫物资 · 已筹 ¥250.00 \/ ¥500.00/);
    assert.match(await page.textContent('#donations-donors tbody'), /王阿姨1¥200.00李叔1¥50.00/);
    assert.equal(await page.textContent('#donations-total'), '¥250.00');
    await page.screenshot({ path: join(SHOTS, 'money-orders.png'), fullPage: true });
    // Printed, the sheet stands alone.
    await page.evaluate(() => document.body.classList.add('print-orders'));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#orders-sheet'), true);
    assert.equal(await page.isVisible('header'), false);
    assert.equal(await page.isVisible('#donations-donors'), false);
    assert.equal(await page.isVisible('#orders-print'), false);
    await page.screenshot({ path: join(SHOTS, 'orders-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => document.body.classList.remove('print-orders'));
  });

  await test('the overview fits a 360 px phone without horizontal scrolling', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${base}/dash/`);
    await phone.waitForSelector('#status-cards .card');
    const overflow = await phone.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await phone.screenshot({ path: join(SHOTS, 'overview-360.png'), fullPage: true });
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow} px`);
    // The charts are uPlot's, embedded in linli (a build without tests/browser/node_modules/uplot
    // draws plain bars instead).
    assert.ok(await phone.evaluate(() => typeof window.uPlot === 'function'),
              'linli was built without uPlot: npm ci in tests/browser, then cmake again');
    assert.equal(await phone.locator('#per-hour canvas').count(), 1);
    assert.equal(await phone.locator('#per-building canvas').count(), 1);
    assert.match(await phone.getAttribute('#per-building', 'aria-label'), /^3: 0\/1, 5: 0\/1, 6: 1\/1, 12: 1\/1$/);
    assert.equal(await phone.textContent('#money-donated'), '¥250.00 / ¥500.00');
    assert.equal(await phone.textContent('#chain-count'), '3 / 3 · 0');  // 接龙 with its 候补
    await phone.click('#tab-needs');
    await phone.waitForSelector('#board tr[data-id="1"]');
    await phone.screenshot({ path: join(SHOTS, 'needs-360.png'), fullPage: true });
    await page.bringToFront();
    await page.click('#tab-overview');
    await page.waitForSelector('#per-hour canvas');
    await page.screenshot({ path: join(SHOTS, 'overview-charts.png'), fullPage: true });
  });

  await test('the report downloads from the page as xlsx', async () => {
    await page.bringToFront();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-xlsx')]);
    const file = join(SHOTS, 'report.xlsx');
    await download.saveAs(file);
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK');
  });

  await test('the English switch', async () => {
    await page.bringToFront();
    await page.click('#lang');
    assert.equal(await page.textContent('#tab-needs'), 'Needs');
    await page.screenshot({ path: join(SHOTS, 'needs-en.png') });
    await page.click('#tab-rota');
    const reason = await waitFor(async () => {
      const text = await page.textContent('#rota-unfilled');
      return text.includes('on the roster') ? text : null;
    });
    assert.match(reason, /T2 3号楼 14:00-20:00 1 short · 3 on the roster: 2 would pass the daily cap, 1 already on it/);
    await page.screenshot({ path: join(SHOTS, 'rota-en.png'), fullPage: true });
    await page.click('#lang');
  });
} finally {
  await browser.close();
  server.kill('SIGTERM');
  stub.close();
  rmSync(work, { recursive: true, force: true });
}

console.log(`# screenshots in ${SHOTS}`);
const failed = results.filter(([, r]) => r !== 'ok');
process.exit(failed.length ? 1 : 0);
