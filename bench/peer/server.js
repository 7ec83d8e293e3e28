// The peer linli is measured against (issue 19): a naive Telegram group bot as many are written,
// with grammY's webhook handler and better-sqlite3. Each message costs one INSERT of the message
// and one UPSERT of the sender's counter, in WAL mode with synchronous=NORMAL; no replies, no
// parsing of what was written. Listens on 127.0.0.1:PORT (0 = any free port) and prints
// "listening on http://127.0.0.1:PORT" as linli does, so bench/common.sh can start it.
import http from "node:http";
import Database from "better-sqlite3";
import { Bot, webhookCallback } from "grammy";

const [, , dbPath = "peer.db", port = "0"] = process.argv;
const db = new Database(dbPath);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(`CREATE TABLE IF NOT EXISTS messages (chat_id INTEGER, message_id INTEGER,
           user_id INTEGER, text TEXT, date INTEGER, PRIMARY KEY (chat_id, message_id));
         CREATE TABLE IF NOT EXISTS members (chat_id INTEGER, user_id INTEGER, name TEXT,
           messages INTEGER, PRIMARY KEY (chat_id, user_id));`);
const insert = db.prepare(
  "INSERT OR IGNORE INTO messages (chat_id, message_id, user_id, text, date) VALUES (?, ?, ?, ?, ?)");
const upsert = db.prepare(
  "INSERT INTO members (chat_id, user_id, name, messages) VALUES (?, ?, ?, 1) " +
    "ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name, messages = messages + 1");

// botInfo given, so grammY does not call getMe on Telegram before the first update.
const bot = new Bot("1:bench", {
  botInfo: { id: 1, is_bot: true, first_name: "peer", username: "peer_bot",
             can_join_groups: true, can_read_all_group_messages: true,
             supports_inline_queries: false },
});
bot.on("message", (ctx) => {
  const m = ctx.message;
  insert.run(m.chat.id, m.message_id, m.from.id, m.text ?? "", m.date);
  upsert.run(m.chat.id, m.from.id, m.from.first_name);
});

const handle = webhookCallback(bot, "http", { secretToken: "bench-secret" });
const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/v1/webhook/telegram") return handle(req, res);
  res.writeHead(404).end();
});
server.listen(Number(port), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => { db.close(); process.exit(0); }));
