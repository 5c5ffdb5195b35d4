-- One request, repeated: used by bench/pages.py.
--
--   wrk -t1 -c4 -d10s -s bench/wrk/request.lua http://127.0.0.1:8001 -- \
--       METHOD PATH COOKIE EXPECTED_STATUS [BODY_TEMPLATE]
--
-- COOKIE is the whole Cookie header ("csrftoken=...; sessionid=...").
-- Responses whose status is not EXPECTED_STATUS are counted as errors (a 302
-- to the login page on a GET means the session was lost; anything but a 302
-- on the new-request POST means no ticket was created).
-- BODY_TEMPLATE is an urlencoded form body; "{n}" in it is
-- replaced by "<thread>-<counter>" so every POST differs.
-- done() prints one line "BENCH_JSON {...}" that pages.py reads.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  method = args[1] or "GET"
  path = args[2] or "/"
  expected = tonumber(args[4] or "200")
  template = args[5] or ""
  responses = 0
  bad = 0
  bad_statuses = ""
  wrk.method = method
  wrk.path = path
  if args[3] and args[3] ~= "" then
    wrk.headers["Cookie"] = args[3]
  end
  if template ~= "" then
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  else
    fixed = wrk.format(method, path)
  end
end

function request()
  if template == "" then
    return fixed
  end
  counter = counter + 1
  local body = template:gsub("{n}", tostring(id) .. "-" .. tostring(counter))
  return wrk.format(method, path, nil, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= expected then
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
    'BENCH_JSON {"requests": %d, "responses": %d, "duration_us": %d, "bytes": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"unexpected": %d, "unexpected_statuses": "%s", "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, responses_total, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, bad_total, statuses, e.connect, e.read, e.write, e.timeout))
end
