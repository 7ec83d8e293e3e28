// What the dashboard's pages share: the session and chat shown, building elements, and the chat's
// JSON endpoints (GET for views, POST for actions with the session's CSRF token).
export const state = {
  corrected: new Set(), session: null, chat: null, board: [], total: 0, offset: 0, tab: 'overview', unrecognised: [], before: null,
};

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function chatPath(path) {
  const chat = state.chat;
  return `/dash/api/chats/${encodeURIComponent(chat.chat_id)}/${path}` +
         `?platform=${encodeURIComponent(chat.platform)}`;
}

// Thrown by api() for an answer a newer request of the same view has overtaken: live updates
// ask again on every event, and answers can come back in any order; only the newest is shown.
export class Superseded extends Error {}
const newest = new Map();  // view path -> the number of its latest request
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason instanceof Superseded) e.preventDefault();
});

export async function api(path, query = '') {
  const n = (newest.get(path) ?? 0) + 1;
  newest.set(path, n);
  const answer = await fetch(chatPath(path) + query);
  if (answer.status === 401) location.href = '/dash/login';
  if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
  const body = await answer.json();
  if (newest.get(path) !== n) throw new Superseded(path);
  return body;
}

// POSTs a page action (the server sends the chat's own command as the coordinator) and shows
// its announcement, or the chat's answer when nothing changed, in `notice`.
export async function post(path, body, notice) {
  const answer = await fetch(chatPath(path),
                             { method: 'POST', body, headers: { 'X-CSRF-Token': state.session.csrf } });
  const result = answer.ok ? await answer.json() : { done: false, replies: [`${answer.status}`] };
  $(notice).textContent = result.announcement ?? result.replies.join(' ');
  return result;
}
