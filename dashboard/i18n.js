// Chinese first, English on request (remembered in localStorage).
const texts = {
  zh: {
    title: '邻里 · 协调员后台', name: '账号', password: '密码', login: '登录', logout: '退出登录',
    wrong: '账号或密码错误', locked: '错误次数过多，已临时锁定，请稍后再试',
    overview: '今日概览', needs: '需求', chat: '群', status: '状态', category: '类别',
    building: '楼栋', urgent: '加急', search: '搜索', all: '全部', id: '编号', who: '居民',
    text: '内容', amount: '金额', age: '已等待', volunteer: '志愿者', minutes: '分钟',
    requested: '申请金额', spent: '已支付', urgentOpen: '加急未完成', perHour: '每小时需求',
    perBuilding: '各楼栋需求', none: '暂无', open: '待处理', claimed: '已认领', bought: '已买',
    delivered: '已送达', cancelled: '已取消', medicine: '药品', cold_chain: '冷链', food: '食品',
    daily: '日用品', other: '其他', live: '实时', lang: 'English', actions: '操作',
    do_delivered: '已送达', do_bought: '已买', do_cancel: '取消', paidPrompt: '实付金额（元，可不填）',
    reportXlsx: '日报 xlsx', reportCsv: 'CSV',
    unrecognised: '未识别', unrecognisedHint: '这些消息没有被识别为需求、接龙或命令，最新的在前。',
    time: '时间', sender: '发送人', more: '更早的', chainTab: '接龙', name: '姓名', detail: '备注',
    slot: '时段', confirmed: '已确认', waitlist: '候补', copies: '最近的接龙副本', answer: '邻里的回复',
    noChain: '这个群还没有接龙', chainOpen: '进行中', chainClosed: '已截止', capacity: '名额',
    entries: '人', sort: '排序', sort_priority: '优先级', sort_newest: '最新', sort_oldest: '最早',
    sort_number: '编号', prev: '上一页', next: '下一页', seq: '消息编号', as_need: '登记为需求',
    as_offer: '登记为互助', corrected: '已代登记', correctText: '改正后的文字',
    correctionsExport: '导出代登记（语料 JSONL）', chainClose: '截止报名', chainOpen2: '重新开放',
    setCap: '设定名额', moneyTab: '账目', reimbursements: '垫付报销（按志愿者）', needsPaid: '需求',
    paidOut: '垫付', total: '合计', byBuilding: '按楼栋', byCategory: '按类别', byItem: '按物品',
    item: '物品', quantity: '数量', do_assign: '指派', assignPrompt: '指派给哪位志愿者（群里的名字）',
    rotaTab: '排班', date: '日期', rotaRun: '试排', rotaConfirm: '确认排班', rotaNothing: '无可试排',
    rotaEmpty: '这一天没有岗位。', rotaLegend: '✓ 已确认 · ○ 待本人确认 · ＋ 试排 · 工时 / 每日上限',
    rotaProposal: '＋ 为试排结果（与群里 /assign 相同），确认后才生效。', unfilled: '未排满的岗位',
    missing: '缺{n}人', hoursCap: '工时', overCap: '超上限', atCap: '已满', places: '人次',
    unconfirmed: '待确认', proposedCell: '试排', why_begun: '岗位已开始', why_unplanned: '尚未排班：试排可补上',
    why_nobody: '接龙名单上没有可用的人', whyRoster: '名单 {n} 人中：', comma: '，',
    refused_outside_slot: '{n}人时段不符', refused_overlaps: '{n}人时间冲突', refused_over_cap: '{n}人将超过工时上限',
    refused_other_group: '{n}人属其他服务组', refused_already_on_it: '{n}人已在此岗',
    donated: '募捐 / 目标', postsToday: '今日岗位 已排 / 需要', chainCount: '接龙 已报名 · 候补', orderSheet: '团购订货单（按楼栋、按户）', print: '打印订货单', buyOpen: '进行中', noBuys: '这一天没有团购',
    buildingN: '{n}号楼', noAddress: '未知地址', household: '户', items: '订购', subtotal: '小计',
    householdsN: '{n} 户', donations: '募捐', donor: '捐赠人', gifts: '笔数', raised: '已筹',
    goalReached: '已达成目标', noDrive: '目前没有募捐', donorsN: '{n} 人',
  },
  en: {
    title: 'linli · coordinator dashboard', name: 'Account', password: 'Password', login: 'Log in',
    logout: 'Log out', wrong: 'Wrong account or password',
    locked: 'Too many wrong passwords: locked for a while, try again later',
    overview: 'Overview', needs: 'Needs', chat: 'Chat', status: 'Status', category: 'Category',
    building: 'Building', urgent: 'Urgent', search: 'Search', all: 'All', id: '#', who: 'Resident',
    text: 'Text', amount: 'Amount', age: 'Waiting', volunteer: 'Volunteer', minutes: 'min',
    requested: 'Requested', spent: 'Paid', urgentOpen: 'Urgent, still open', perHour: 'Needs per hour',
    perBuilding: 'Needs per building', none: 'None', open: 'Open', claimed: 'Claimed',
    bought: 'Bought', delivered: 'Delivered', cancelled: 'Cancelled', medicine: 'Medicine',
    cold_chain: 'Cold chain', food: 'Food', daily: 'Daily goods', other: 'Other', live: 'Live',
    lang: '中文', actions: 'Actions', do_delivered: 'Delivered', do_bought: 'Bought',
    do_cancel: 'Cancel', paidPrompt: 'Amount paid (yuan, optional)',
    reportXlsx: 'Report xlsx', reportCsv: 'CSV',
    unrecognised: 'Not understood',
    unrecognisedHint: 'Messages read as no need, chain or command, newest first.',
    time: 'Time', sender: 'Sender', more: 'Older', chainTab: 'Chain', name: 'Name', detail: 'Detail',
    slot: 'Slot', confirmed: 'Confirmed', waitlist: 'Waiting list', copies: 'Latest copies of the chain',
    answer: "linli's answer", noChain: 'This chat has no chain yet', chainOpen: 'Open',
    chainClosed: 'Closed', capacity: 'places', entries: 'people', sort: 'Order',
    sort_priority: 'Priority', sort_newest: 'Newest', sort_oldest: 'Oldest', sort_number: 'Number',
    prev: 'Previous', next: 'Next', seq: 'Seq', as_need: 'Log as need', as_offer: 'Log as offer',
    corrected: 'Logged', correctText: 'Corrected text', correctionsExport: 'Export corrections (corpus JSONL)',
    chainClose: 'Close sign-up', chainOpen2: 'Open again', setCap: 'Set places', moneyTab: 'Money',
    reimbursements: 'Paid out, per volunteer', needsPaid: 'Needs', paidOut: 'Paid', total: 'Total',
    byBuilding: 'By building', byCategory: 'By category', byItem: 'By item', item: 'Item',
    quantity: 'Quantity', do_assign: 'Assign',
    assignPrompt: 'Assign to which volunteer (their name in the chat)',
    rotaTab: 'Rota', date: 'Date', rotaRun: 'Plan', rotaConfirm: 'Confirm rota', rotaNothing: 'Nothing to plan',
    rotaEmpty: 'No posts on this day.', rotaLegend: '✓ confirmed · ○ awaiting their answer · ＋ planned · hours / daily cap',
    rotaProposal: '＋ marks the plan (what /assign in the chat would do); nothing changes until you confirm.',
    unfilled: 'Posts still short', missing: '{n} short', hoursCap: 'Hours', overCap: 'over the cap',
    atCap: 'at the cap', places: 'places', unconfirmed: 'Unconfirmed', proposedCell: 'Planned',
    why_begun: 'the shift has begun', why_unplanned: 'not assigned yet: Plan would fill it',
    why_nobody: 'nobody on the roster is available', whyRoster: '{n} on the roster: ', comma: ', ',
    refused_outside_slot: '{n} signed up for another time', refused_overlaps: '{n} busy then',
    refused_over_cap: '{n} would pass the daily cap', refused_other_group: '{n} in another service group',
    refused_already_on_it: '{n} already on it',
    donated: 'Donated / goal', postsToday: "Today's posts filled / needed", chainCount: 'Chain signed up · waiting', orderSheet: 'Group-buy order sheet (by building and household)', print: 'Print the order sheet',
    buyOpen: 'open', noBuys: 'No group buys on this day', buildingN: 'Building {n}',
    noAddress: 'No address', household: 'Household', items: 'Ordered', subtotal: 'Subtotal',
    householdsN: '{n} households', donations: 'Donations', donor: 'Donor', gifts: 'Gifts',
    raised: 'raised', goalReached: 'goal reached', noDrive: 'No donation drive', donorsN: '{n} donors',
  },
};

export function language() {
  return localStorage.getItem('linli.lang') === 'en' ? 'en' : 'zh';
}

export function toggleLanguage() {
  localStorage.setItem('linli.lang', language() === 'en' ? 'zh' : 'en');
}

// The text of `key`, its {name} placeholders filled from `values`.
export function t(key, values = {}) {
  const text = texts[language()][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

// Fills every [data-t] element with its text in the current language.
export function apply(root = document) {
  document.documentElement.lang = language() === 'en' ? 'en' : 'zh-CN';
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  const lang = document.getElementById('lang');
  if (lang) lang.textContent = t('lang');
}

// Cents as yuan with two decimals, never through floating-point sums.
export function money(cents) {
  if (cents === null || cents === undefined) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
