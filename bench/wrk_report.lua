-- Requests for wrk from a file, one per line: METHOD <tab> PATH <tab> COOKIE <tab> BODY.
-- Thread n of N sends lines n, n+N, n+2N, ... so that no two threads share a line (a
-- session sent once cannot be sent again). Each response is checked: a GET must answer 200,
-- a POST must redirect to a Location containing the expected text. The summary is one JSON
-- line prefixed BENCH_JSON, with latency percentiles in microseconds and the SQL queries the
-- bench middleware reported.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   local file, thread_count, expect = args[1], tonumber(args[2]), args[3] or ""
   lines = {}
   local index = 0
   local total = 0
   for _ in io.lines(file) do total = total + 1 end
   for line in io.lines(file) do
      -- With fewer lines than threads (one page fetched again and again) all threads share.
      if total < thread_count or index % thread_count == id then
         local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
         local headers = {}
         if cookie ~= "" then headers["Cookie"] = cookie end
         if method == "POST" then
            headers["Content-Type"] = "application/x-www-form-urlencoded"
         else
            body = nil
         end
         table.insert(lines, wrk.format(method, path, headers, body))
      end
      index = index + 1
   end
   expected_location = expect
   position = 0
   good = 0
   bad = 0
   queries = 0
   exhausted = 0
end

function request()
   position = position + 1
   if position > #lines then
      -- Each line is sent at most once when it is a POST: come round again only for GETs.
      exhausted = exhausted + 1
      position = 1
   end
   return lines[position]
end

function response(status, headers, body)
   local location = headers["Location"] or headers["location"]
   if expected_location == "" then
      if status == 200 then good = good + 1 else bad = bad + 1 end
   elseif status == 302 and location and location:find(expected_location, 1, true) then
      good = good + 1
   else
      bad = bad + 1
   end
   queries = queries + (tonumber(headers["X-Bench-Queries"] or headers["x-bench-queries"]) or 0)
end

function done(summary, latency, requests)
   local totals = {good = 0, bad = 0, queries = 0, exhausted = 0}
   for _, thread in ipairs(threads) do
      for name, _ in pairs(totals) do
         totals[name] = totals[name] + (thread:get(name) or 0)
      end
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "good": %d, "bad": %d, ' ..
      '"queries": %d, "exhausted": %d, "socket_errors": %d, ' ..
      '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
      summary.requests, summary.duration, totals.good, totals.bad, totals.queries,
      totals.exhausted, errors.connect + errors.read + errors.write + errors.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
