-- wrk script: a realistic day's mix of group messages across BENCH_CHATS chats, through the
-- generic webhook or (BENCH_PLATFORM=telegram) the Telegram adapter:
--   45% chatter, 15% 接龙 copies (each chat's chain grows; one copy in five is a fork that drops
--   the last line), 20% supply requests with money, 8% claims (认领 #n), 12% slash commands.
-- BENCH_DELAY_MS paces each connection for fixed-rate runs; unset = as fast as possible.
local threads = {}
local counter = 0
local thread_id = 0
local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local chats = tonumber(os.getenv("BENCH_CHATS") or "1000")
local telegram = os.getenv("BENCH_PLATFORM") == "telegram"
-- Added to Telegram update and message ids, so that a second load on the same database (warm)
-- sends new messages rather than redeliveries.
local id_offset = tonumber(os.getenv("BENCH_ID_OFFSET") or "0")
local chain_length = {}  -- per chat, this connection's view of the chain
-- Each load (a warm run, the preload's chunks) signs up for a day of its own: a new chain beside
-- the stored ones, as on a real next day, rather than stale copies of a longer stored chain.
local day = id_offset > 0 and tostring(math.floor(id_offset / 10000000)) or ""

local chatter = {"今天辛苦志愿者们了，谢谢！", "收到", "好的👌", "请问几点送菜？", "3号楼的快递到了吗",
                 "谢谢邻居们", "明天还做核酸吗"}
local items = {"硝苯地平 2盒", "大米10斤", "胰岛素 1盒 急 需冷藏", "鸡蛋 30个", "布洛芬 1盒",
               "牛奶 2箱", "酱油 1瓶"}
local commands = {"/ping", "/tally building", "/help", "/requests open", "/hlep"}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local function chain_text(chat)
  local n = (chain_length[chat] or 0) + 1
  if n > 40 then n = 1 end  -- a new day's chain
  chain_length[chat] = n
  local lines = {"#接龙 明日志愿者" .. day .. "\\n限30人\\n"}
  local upto = n
  if n > 2 and math.random(5) == 1 then upto = n - 1 end  -- a fork: the last line is missing
  for i = 1, upto do
    lines[#lines + 1] = string.format("%d. 邻居%d %d号楼", i, (chat * 7 + i) % 997, i % 12 + 1)
  end
  return table.concat(lines, "\\n")
end

local function text_for(chat)
  local r = math.random(100)
  if r <= 45 then return chatter[math.random(#chatter)] end
  if r <= 60 then return chain_text(chat) end
  if r <= 80 then
    return string.format("%d号楼%d单元%d 需要 %s %d.%02d元", math.random(20), math.random(4),
                         math.random(101, 1802), items[math.random(#items)], math.random(5, 300),
                         math.random(0, 99))
  end
  if r <= 88 then return string.format("认领 #%d", math.random(30)) end
  return commands[math.random(#commands)]
end

function request()
  counter = counter + 1
  local chat = counter % chats
  local text = text_for(chat)
  local user = counter % 5000
  if telegram then
    local id = id_offset + thread_id * 1000000000 + counter  -- unique per load
    local body = string.format(
      '{"update_id":%d,"message":{"message_id":%d,"date":1669000000,' ..
      '"chat":{"id":-100%010d,"type":"supergroup","title":"小区%d"},' ..
      '"from":{"id":%d,"first_name":"居民%d"},"text":"%s"}}',
      id, id, chat, chat,
      100000 + user, user, text)
    return wrk.format("POST", "/v1/webhook/telegram",
                      {["Content-Type"] = "application/json",
                       ["X-Telegram-Bot-Api-Secret-Token"] = "bench-secret"}, body)
  end
  local body = string.format(
    '{"chat_id":"chat-%d","message_id":"%s-%d-%d","sender":{"id":"u%d","name":"居民%d"},' ..
    '"text":"%s","timestamp":1669000000}',
    chat, run_id, thread_id, counter, user, user, text)
  return wrk.format("POST", "/v1/webhook/generic", {["Content-Type"] = "application/json"}, body)
end

dofile("bench/wrk_common.lua")
