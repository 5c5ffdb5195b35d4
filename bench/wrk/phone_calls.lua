-- Whole phone calls posted to the CTI webhook: used by bench/phone_webhook.py.
--
--   wrk -t4 -c4 -d20s -s bench/wrk/phone_calls.lua http://127.0.0.1:8002 -- \
--       PATH SCHOOLS RUN_ID
--
-- Run with as many connections as threads (-c equal to -t): each thread then
-- plays its calls one event after the other, as a PBX does for one call,
-- and an answer never overtakes its newCall. Each call is a newCall, an
-- answer (four calls in five) and a hangup ("cancel" for the fifth: a missed
-- call that owes a callback). The caller is one of the SCHOOLS bench
-- members' mobile numbers (0470 AA BB 00), so newCall searches the
-- directory. done() prints one line "BENCH_JSON {...}" that the script reads.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  schools = tonumber(args[2])
  run_id = args[3]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  calls = 0
  step = 0
  responses = 0
  bad = 0
  bad_statuses = ""
end

local function event_body(name, call_id, number, extra)
  return string.format(
    '{"event": "%s", "direction": "in", "from": "%s", "to": "3281999999", '
      .. '"callId": "%s"%s}', name, number, call_id, extra)
end

function request()
  if step == 0 then
    calls = calls + 1
  end
  local member = (calls * 7 + id) % schools
  local number = string.format("+32470%02d%02d00", math.floor(member / 100), member % 100)
  local call_id = string.format("%s-%d-%d", run_id, id, calls)
  local missed = calls % 5 == 0
  local body
  if step == 0 then
    body = event_body("newCall", call_id, number, "")
    step = missed and 2 or 1
  elseif step == 1 then
    body = event_body("answer", call_id, number, ', "user": "Bench agent"')
    step = 2
  else
    local cause = missed and "cancel" or "normalClearing"
    body = event_body("hangup", call_id, number, ', "cause": "' .. cause .. '"')
    step = 0
  end
  return wrk.format(nil, path, nil, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    bad = bad + 1
    if #bad_statuses < 60 then
      bad_statuses = bad_statuses .. tostring(status) .. " "
    end
  end
end

function done(summary, latency, requests)
  local bad_total, responses_total, statuses = 0, 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + (thread:get("bad") or 0)
    responses_total = responses_total + (thread:get("responses") or 0)
    statuses = statuses .. (thread:get("bad_statuses") or "")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "responses": %d, "duration_us": %d, '
      .. '"p50_us": %d, "p95_us": %d, "max_us": %d, "unexpected": %d, '
      .. '"unexpected_statuses": "%s", "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d}\n',
    summary.requests, responses_total, summary.duration,
    latency:percentile(50), latency:percentile(95), latency.max, bad_total, statuses,
    e.connect, e.read, e.write, e.timeout))
end
