// The SQLite schema's history: the features' migrations build, version by version, exactly the
// schema that shipped, and a database left at any earlier version by an older linli opens,
// migrates to the latest and keeps its rows.

#include <catch2/catch.hpp>

#include "storage/open.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "tests/storage/sqlite/sqlite_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;

namespace {

const chat_ref chat{"generic", "g1"};

// Rows as a linli at each version wrote them: only the columns that version had.
const std::map<int, std::string> rows_of_version = {
    {1, R"sql(
INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text,
                   sent_at, received_ms, kind, replies)
VALUES ('generic', 'g1', 'v1', 'u1', '张三', 'admin', '需要 大米', 1669000000, 1669000000123,
        'command', '["好的","第二条"]');
INSERT INTO chats (platform, chat_id, language) VALUES ('generic', 'g1', 'en');
)sql"},
    {2, R"sql(
INSERT INTO chains (id, platform, chat_id, header_key, title, header, example, tail, capacity,
                    slot_caps, deadline_ms, closed, opened_ms)
VALUES (5, 'generic', 'g1', 'k2', '明日核酸', '["#接龙 明日核酸"]', '例 张三', '[]', 20,
        '{"上午":10}', NULL, 0, 1669111200000);
INSERT INTO chain_entries (chain_id, content, key, name, detail, slot, sender_id, sender_name,
                           registered_by, state, added_ms, changed_ms)
VALUES (5, '李四 上午', 'k', '李四', '上午', '上午', 'u4', '李四', NULL, 'left', 7, 9);
)sql"},
    {3, R"sql(
INSERT INTO requests (id, platform, chat_id, number, requester_id, requester_name, building,
                      unit, room, category, urgent, status, claimed_by, claimed_by_name,
                      stated_total_cents, spent_cents, duplicate_of, text, message_id,
                      created_ms, updated_ms)
VALUES (11, 'generic', 'g1', 1, 'u1', '王阿姨', '3', '2', '501', 'medicine', 1, 'claimed', 'v1',
        '小李', 13600, NULL, NULL, '需要 硝苯地平', 'v3', 100, 150);
INSERT INTO request_items (request_id, seq, name, quantity, unit, amount_cents)
VALUES (11, 0, '硝苯地平', 2, '盒', 5990), (11, 1, '大米', 10, '斤', NULL);
INSERT INTO addresses (platform, chat_id, sender_id, building, unit, room)
VALUES ('generic', 'g1', 'u1', '3', '2', '501');
)sql"},
    {4, R"sql(
INSERT INTO group_buys (id, platform, chat_id, title, unit, unit_price_cents, deadline_ms,
                        closed, opened_ms)
VALUES (3, 'generic', 'g1', '蔬菜包', '份', 3990, NULL, 0, 200);
INSERT INTO group_buy_orders (buy_id, household, building, unit, room, sender_id, sender_name,
                              quantity, updated_ms)
VALUES (3, '3-2-501', '3', '2', '501', 'u1', '王阿姨', 2, 210);
INSERT INTO donation_drives (id, platform, chat_id, title, goal_cents, opened_ms)
VALUES (4, 'generic', 'g1', '爱心捐款', 1000000, 300);
INSERT INTO donations (drive_id, sender_id, sender_name, cents, at_ms, message_id)
VALUES (4, 'u2', '李四', 20000, 310, 'v4');
)sql"},
    {5, R"sql(
INSERT INTO chats (platform, chat_id, language, time_zone) VALUES ('generic', 'g5', 'zh',
                                                                   'Asia/Urumqi');
)sql"},
    {6, R"sql(
INSERT INTO tasks (id, platform, chat_id, number, title, place, service_group, date, start_minute,
                   end_minute, start_ms, end_ms, capacity, done, cancelled, cutoff_done, reminded,
                   next_event_ms, created_by, message_id, created_ms)
VALUES (8, 'generic', 'g1', 1, '配送', '3号楼', '配送', '2026-11-23', 540, 660, 1, 2, 2, 0, 0, 0,
        0, 42, 'boss', 'v6', 5);
INSERT INTO task_members (task_id, volunteer_id, name, source, state, confirmed, completed,
                          added_ms, changed_ms, asked_ms)
VALUES (8, 'u1', '张三', 'claim', 'active', 1, 0, 7, 7, NULL);
INSERT INTO volunteers (platform, chat_id, volunteer_id, service_group)
VALUES ('generic', 'g1', 'u1', '配送');
INSERT INTO task_templates (platform, chat_id, name, lines, zones)
VALUES ('generic', 'g1', '日常', '["各区 配送 09:00-11:00 需2人"]', '["1号楼"]');
INSERT INTO outbox (platform, chat_id, text, state, attempts, created_ms, next_attempt_ms,
                    sent_ms, last_error)
VALUES ('generic', 'g1', '明天的岗位', 'pending', 0, 10, 10, NULL, '');
INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text,
                   sent_at, received_ms, kind, replies, reply_to)
VALUES ('generic', 'g1', 'v6', 'u2', '李四', 'member', '+1', 0, 2, 'keyword', '[]', 'v1');
)sql"},
    {7, R"sql(
INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text,
                   sent_at, received_ms, kind, replies, reply_to, message_id, edited)
VALUES ('generic', 'g1', 'v7', 'u2', '李四', 'member', '改', 0, 3, 'chatter', '[]', '', 'm7', 1);
INSERT INTO outbox (platform, chat_id, text, state, attempts, created_ms, next_attempt_ms,
                    sent_ms, last_error, route, reply_to, parts_sent)
VALUES ('generic', 'g1', '提醒', 'pending', 1, 20, 30, NULL, 'timeout', 'https://x', 'v7', 1);
)sql"},
    {8, ""},
    {9, R"sql(
INSERT INTO accounts (id, name, password_hash, created_ms) VALUES (2, '王', '$argon2id$x', 40);
INSERT INTO account_chats (account_id, seq, platform, chat_id) VALUES (2, 0, 'generic', 'g1');
INSERT INTO dash_sessions (id_hash, account_id, csrf_token, created_ms, expires_ms)
VALUES ('h1', 2, 'c1', 40, 9000000000000);
)sql"},
    {10, R"sql(
INSERT INTO offers (platform, chat_id, number, offerer_id, offerer_name, building, unit, room,
                    items, category, status, matched_request, text, message_id, created_ms,
                    updated_ms)
VALUES ('generic', 'g1', 1, 'u2', '李四', '3', '2', '501',
        '[{"name":"蒙脱石散","canonical":"蒙脱石散","quantity":2,"unit":"盒"}]', 'medicine',
        'matched', 1, '多了两盒蒙脱石散', 'm10', 50, 51);
)sql"},
    {11, R"sql(
INSERT INTO chains (id, platform, chat_id, header_key, title, header, example, tail, capacity,
                    slot_caps, deadline_ms, closed, opened_ms, by_coordinator)
VALUES (4, 'generic', 'g1', 'k11', '协调员的', '["#接龙 协调员的"]', '', '[]', NULL, '{}', NULL,
        0, 1669111200000, 1);
)sql"},
    {12, R"sql(
INSERT INTO chat_robots (platform, chat_id, robot_key, bound_by, bound_ms)
VALUES ('generic', 'g1', 'k-123', 'boss', 50);
)sql"},
    {13, R"sql(
INSERT INTO requests (id, platform, chat_id, number, requester_id, requester_name, building,
                      unit, room, category, urgent, status, claimed_by, claimed_by_name,
                      stated_total_cents, spent_cents, duplicate_of, text, message_id,
                      created_ms, updated_ms)
VALUES (13, 'generic', 'g1', 2, 'u13', '楼长', NULL, NULL, NULL, 'food', 0, 'open', NULL, NULL,
        NULL, NULL, NULL, '需要 挂面', 'm13', 1669000013000, 1669000013000),
       (14, 'wecom', 'w13', 1, 'u14', '孙', '5', NULL, NULL, 'food', 0, 'open', NULL, NULL,
        NULL, NULL, NULL, '5号楼 需要 鸡蛋', 'm14', 1669000014000, 1669000014000);
INSERT INTO request_items (request_id, seq, name, quantity, unit, amount_cents)
VALUES (13, 0, '挂面', 2, '包', NULL), (14, 0, '鸡蛋', 30, '个', NULL);
)sql"},
    {14, R"sql(
INSERT INTO outbox (id, platform, chat_id, text, state, attempts, created_ms, next_attempt_ms,
                    sent_ms, last_error, route, reply_to, parts_sent, leased_by, lease_until_ms)
VALUES (140, 'generic', 'g1', '已发出', 'sent', 1, 40, 40, 41, '', '', '', 1, '', 0),
       (141, 'generic', 'g1', '发送中', 'failed', 2, 40, 40, NULL, 'HTTP 400', '', '', 0,
        'host-a:1', 0);
)sql"},
    {15, R"sql(
INSERT INTO outbox (id, platform, chat_id, text, state, attempts, created_ms, next_attempt_ms,
                    sent_ms, last_error, route, reply_to, parts_sent, leased_by, lease_until_ms)
VALUES (150, 'wecom', 'w1', '等机器人', 'pending', 0, 50, 50, NULL, '', '', '', 0, '', 0);
INSERT INTO inbox (platform, chat_id, delivery_id, sender_id, sender_name, sender_role, text,
                   sent_at, received_ms, kind, replies, reply_to, message_id, edited)
VALUES ('telegram', '-1001', '987654321', '7', '王', 'member', '需要 挂面', 0, 4, 'request',
        '["已登记"]', '', '55', 0),
       ('telegram', '-1001', '0987', '7', '王', 'member', '改', 0, 5, 'chatter', '[]', '', '055',
        1);
)sql"},
    {16, R"sql(
INSERT INTO inbox_chats (id, platform, chat_id) VALUES (7, 'generic', 'g16');
INSERT INTO inbox_kinds (id, name) VALUES (9, 'offer');
INSERT INTO inbox (chat, delivery_id, message_id, sender_id, sender_name, sender_role, text,
                   sent_at, received_ms, kind, replies, reply_to, edited)
VALUES (7, 16000000001, 16, 'u16', '赵', 1, '多了米', 0, 6, 9, '[]', '', 0);
)sql"},
    {17, R"sql(
INSERT INTO requests (id, chat, number, requester_id, requester_name, building, unit, room,
                      category, urgent, status, claimed_by, claimed_by_name, stated_total_cents,
                      spent_cents, duplicate_of, text, message_id, created_ms, updated_ms)
VALUES (17, 7, 1, 'u17', '钱', '9', '1', '803', 'medicine', 1, 'claimed', 'v17', '小李', 4550,
        NULL, NULL, '9-1-803 需要 布洛芬', 'm17', 1669000017000, 1669000017500);
INSERT INTO request_items (request_id, seq, name, quantity, unit, amount_cents)
VALUES (17, 0, '布洛芬', 1, '盒', 4550);
)sql"},
};

// Reads back, through the store, what rows_of_version wrote at `version`.
void check_rows_of_version(storage::store& s, int version) {
  CAPTURE(version);
  switch (version) {
    case 1: {
      const auto m = s.find_message(chat, "v1");
      REQUIRE(m);
      CHECK(m->message.from.role == platform_role::admin);
      CHECK(m->message.text == "需要 大米");
      CHECK(m->message.received_at_ms == 1669000000123);
      CHECK(m->kind == "command");
      CHECK(m->answers == replies{{"好的"}, {"第二条"}});
      CHECK(m->message.reply_to.empty());
      CHECK(m->message.message_id.empty());
      CHECK_FALSE(m->message.edited);
      CHECK(s.load_chat(chat).lang == storage::language::en);
      CHECK(s.load_chat(chat).time_zone.empty());
      break;
    }
    case 2: {
      const auto c = s.find_chain(chat, "k2");
      REQUIRE(c);
      CHECK(c->title == "明日核酸");
      CHECK(c->capacity == 20);
      CHECK(c->slot_caps == std::map<std::string, int>{{"上午", 10}});
      REQUIRE(c->entries.size() == 1);
      CHECK(c->entries[0].state == entry_state::left);
      CHECK(c->entries[0].slot == "上午");
      break;
    }
    case 3: {
      const auto r = s.find_request(chat, 1);
      REQUIRE(r);
      CHECK(r->where == address{"3", "2", "501"});
      CHECK(r->status == request_status::claimed);
      CHECK(r->stated_total_cents == 13600);
      REQUIRE(r->items.size() == 2);
      CHECK(r->items[0] == request_item{"硝苯地平", 2, "盒", 5990});
      CHECK(r->items[1] == request_item{"大米", 10, "斤", std::nullopt});
      CHECK(s.load_address(chat, "u1") == address{"3", "2", "501"});
      break;
    }
    case 4: {
      const auto g = s.open_group_buy(chat);
      REQUIRE(g);
      CHECK(g->unit_price_cents == 3990);
      REQUIRE(s.group_buy_orders(g->id).size() == 1);
      CHECK(s.group_buy_orders(g->id)[0].quantity == 2);
      const auto d = s.current_drive(chat);
      REQUIRE(d);
      CHECK(d->goal_cents == 1000000);
      REQUIRE(s.donations(d->id).size() == 1);
      CHECK(s.donations(d->id)[0].cents == 20000);
      break;
    }
    case 5:
      CHECK(s.load_chat({"generic", "g5"}).time_zone == "Asia/Urumqi");
      break;
    case 6: {
      const auto t = s.find_task(chat, 1);
      REQUIRE(t);
      CHECK(t->next_event_ms == 42);
      REQUIRE(t->members.size() == 1);
      CHECK(t->members[0].confirmed);
      CHECK(s.volunteer_group(chat, "u1") == "配送");
      CHECK(s.find_template(chat, "日常")->zones == std::vector<std::string>{"1号楼"});
      const auto pending = s.pending_outbound();
      REQUIRE_FALSE(pending.empty());
      CHECK(pending[0].text == "明天的岗位");
      CHECK(pending[0].route.empty());
      CHECK(pending[0].parts_sent == 0);
      CHECK(s.find_message(chat, "v6")->message.reply_to == "v1");
      break;
    }
    case 7: {
      const auto m = s.find_message(chat, "v7");
      REQUIRE(m);
      CHECK(m->message.message_id == "m7");
      CHECK(m->message.edited);
      const auto pending = s.pending_outbound();
      REQUIRE(pending.size() >= 2);  // version 15 adds one more, after these
      CHECK(pending[1].route == "https://x");
      CHECK(pending[1].reply_to == "v7");
      CHECK(pending[1].parts_sent == 1);
      break;
    }
    case 8:  // an index only
      CHECK(s.latest_chain(chat));
      break;
    case 9: {
      const auto a = s.find_account("王");
      REQUIRE(a);
      CHECK(a->chats == std::vector<chat_ref>{chat});
      CHECK(s.find_session("h1", 41)->account_id == 2);
      break;
    }
    case 10: {
      const auto o = s.find_offer(chat, 1);
      REQUIRE(o);
      CHECK(o->status == offer_status::matched);
      CHECK(o->matched_request == 1);
      REQUIRE(o->items.size() == 1);
      CHECK(o->items[0].name == "蒙脱石散");
      CHECK(o->items[0].quantity == 2);
      break;
    }
    case 11: {
      // The coordinator's chain is current, though an older linli's chain has a higher id.
      const auto c = s.latest_chain(chat);
      REQUIRE(c);
      CHECK(c->title == "协调员的");
      CHECK(c->by_coordinator);
      CHECK_FALSE(s.find_chain(chat, "k2")->by_coordinator);
      break;
    }
    case 12: {
      const auto robot = s.load_robot(chat);
      REQUIRE(robot);
      CHECK(robot->key == "k-123");
      CHECK(robot->bound_ms == 50);
      break;
    }
    case 13: {
      // The need without an address is found through the index this version added.
      const auto found = s.newest_from_requester(chat, "u13", true, {"挂面"}, 0);
      REQUIRE(found);
      CHECK(found->number == 2);
      // A need in a chat with no message in the inbox (version 17 gives it a number).
      const chat_ref w13{"wecom", "w13"};
      const auto other = s.find_request(w13, 1);
      REQUIRE(other);
      CHECK(other->chat == w13);
      CHECK(other->where == address{"5", std::nullopt, std::nullopt});
      CHECK(s.newest_at_address(w13, {"5", std::nullopt, std::nullopt}, {"鸡蛋"}, 0)->number == 1);
      break;
    }
    case 14: {
      CHECK(s.find_outbound(140)->leased_by.empty());
      CHECK(s.find_outbound(141)->leased_by == "host-a:1");
      // The older rows had no lease: the first claim takes them.
      const auto claimed = s.claim_outbound("new", 100, 200, 10, "generic");
      CHECK_FALSE(claimed.empty());
      for (const auto& m : claimed) CHECK(m.id < 140);
      break;
    }
    case 15: {
      CHECK(s.count_pending_outbound({"wecom", "w1"}) == 1);
      CHECK(s.claim_outbound("new", 100, 200, 10, "telegram").empty());
      // Numeric ids (kept as integers from version 16) and ids that only look numeric.
      const chat_ref telegram{"telegram", "-1001"};
      const auto m = s.find_message(telegram, "987654321");
      REQUIRE(m);
      CHECK(m->message.message_id == "55");
      CHECK(m->kind == "request");
      CHECK(s.find_message_by_key(telegram, "55")->message.delivery_id == "987654321");
      CHECK(s.find_message(telegram, "0987")->message.message_id == "055");
      CHECK_FALSE(s.find_original_by_key(telegram, "055"));  // edited, and no such delivery
      CHECK_FALSE(s.find_message(telegram, "987"));
      CHECK_FALSE(s.find_message_by_key(telegram, "55 "));
      break;
    }
    case 16: {
      const auto m = s.find_message({"generic", "g16"}, "16000000001");
      REQUIRE(m);
      CHECK(m->message.message_id == "16");
      CHECK(m->message.from.role == platform_role::admin);
      CHECK(m->kind == "offer");
      CHECK(m->message.chat == chat_ref{"generic", "g16"});
      break;
    }
    case 17: {
      const chat_ref g16{"generic", "g16"};
      const auto r = s.find_request(g16, 1);
      REQUIRE(r);
      CHECK(r->chat == g16);
      CHECK(r->claimed_by_name == "小李");
      CHECK(r->stated_total_cents == 4550);
      CHECK(r->items == std::vector<request_item>{{"布洛芬", 1, "盒", 4550}});
      CHECK(s.newest_at_address(g16, {"9", "1", "803"}, {"布洛芬"}, 0)->number == 1);
      CHECK(s.list_requests(g16).size() == 1);
      break;
    }
    default:
      FAIL("no rows for version " << version << ": add them to rows_of_version");
  }
}

}  // namespace

TEST_CASE("sqlite: each schema version is the one that shipped", "[sqlite][migrations]") {
  const auto shipped = testing::shipped_migrations();
  REQUIRE(static_cast<int>(shipped.size()) == storage::sqlite::latest_schema_version());
  SQLite::Database old_db(":memory:", SQLite::OPEN_READWRITE);
  SQLite::Database new_db(":memory:", SQLite::OPEN_READWRITE);
  for (const auto& [version, sql] : shipped) {
    CAPTURE(version);
    old_db.exec(sql);
    storage::sqlite::migrate(new_db, version);
    CHECK(new_db.execAndGet("PRAGMA user_version").getInt() == version);
    CHECK(testing::schema_of(new_db) == testing::schema_of(old_db));
  }
}

TEST_CASE("sqlite: a database an older linli left at any version migrates and keeps its rows",
          "[sqlite][migrations]") {
  const auto shipped = testing::shipped_migrations();
  const int latest = storage::sqlite::latest_schema_version();
  for (int at = 1; at <= latest; ++at) {
    CAPTURE(at);
    testing::temp_dir dir;
    const auto path = dir.file("old.db");
    {
      // As the older linlis did it: each version's migration, then rows written by that version.
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      for (int v = 1; v <= at; ++v) {
        db.exec(shipped.at(v));
        db.exec("PRAGMA user_version = " + std::to_string(v));
        db.exec(rows_of_version.at(v));
      }
    }
    auto store = storage::open(path);
    CHECK(store->schema_version() == latest);
    for (int v = 1; v <= at; ++v) check_rows_of_version(*store, v);
    // And it goes on from there: numbers follow the ones it had.
    supply_request r;
    r.chat = chat;
    r.requester_id = "u9";
    r.category = "food";
    store->insert_request(r);
    CHECK(r.number == (at >= 13 ? 3 : at >= 3 ? 2 : 1));
    CHECK(storage::open(path, {.read_only = true})->schema_version() == latest);
  }
}
