-- wrk script: one fan action per request, each to another fan with its own idempotency key.
-- Arguments: first fan id, number of fans, run id, directory for the accepted keys, and where
-- in the walk over the fans to start (so a warm-up run and the measured run meet other fans).

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local first_fan, fans, run, accepted, start
local sent = 0

function init(args)
  first_fan, fans, run, start = tonumber(args[1]), tonumber(args[2]), args[3], tonumber(args[5])
  accepted = io.open(args[4] .. "/accepted-" .. thread_id .. ".jsonl", "w")
  -- Line buffering: the file is complete even if wrk exits without closing it.
  accepted:setvbuf("line")
end

function request()
  sent = sent + 1
  -- A prime stride visits every fan once before any twice, so no two in-flight requests
  -- wait on the same fan's row lock.
  local fan = first_fan + ((start + sent) * 7919 + thread_id * 104729) % fans
  local key = run .. "-" .. thread_id .. "-" .. sent
  return wrk.format("POST", "/bench/fans/" .. fan .. "/actions",
                    {["Idempotency-Key"] = key, ["Content-Length"] = "0"})
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    accepted:write((body:gsub("\n", "")), "\n")
  end
end
