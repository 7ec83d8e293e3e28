-- wrk script: POST generic webhook messages with unique ids across BENCH_CHATS chats (1,000).
-- BENCH_DELAY_MS (env) paces each connection for fixed-rate runs; unset = as fast as possible.
local threads = {}
local counter = 0
local thread_id = 0
local run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local chats = tonumber(os.getenv("BENCH_CHATS") or "1000")

local texts = {
  "/ping",
  "今天辛苦志愿者们了，谢谢！",
  "3号楼2单元501 需要 硝苯地平 2盒",
  "/hlep",
  "收到",
}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"chat_id":"chat-%d","message_id":"%s-%d-%d","sender":{"id":"u%d","name":"居民%d"},' ..
    '"text":"%s","timestamp":1669000000}',
    counter % chats, run_id, thread_id, counter, counter % 5000, counter % 5000,
    texts[counter % #texts + 1])
  return wrk.format("POST", "/v1/webhook/generic", {["Content-Type"] = "application/json"}, body)
end

dofile("bench/wrk_common.lua")
