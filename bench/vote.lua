-- wrk script: fans vote in the bench photo contest. Each connection walks its own fans, one
-- vote each, for an entry that depends on the fan; every vote wrk sees accepted is logged, so
-- it can be looked for in photo_vote. Run with one connection per thread (a log per thread).
-- Arguments: first fan id, number of fans, directory for the log, where in the walk over the
-- fans to start (so a warm-up and the measured run use other fans), threads, first entry id,
-- number of entries.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local first_fan, fans, start, threads, first_entry, entries, log
local walked = 0
local fan, entry

function init(args)
  first_fan, fans, start, threads = tonumber(args[1]), tonumber(args[2]), tonumber(args[4]),
    tonumber(args[5])
  first_entry, entries = tonumber(args[6]), tonumber(args[7])
  log = io.open(args[3] .. "/vote-" .. thread_id .. ".log", "w")
  -- Line buffering: the file is complete even if wrk exits without closing it.
  log:setvbuf("line")
end

function request()
  -- Connection t takes positions t, t + threads, ... of one walk: no two share a fan.
  local position = start + walked * threads + thread_id - 1
  walked = walked + 1
  fan = first_fan + (position * 7919) % fans
  entry = first_entry + (fan * 31) % entries
  return wrk.format("POST", "/bench/photo/fans/" .. fan .. "/vote/" .. entry,
                    {["Content-Length"] = "0"})
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    log:write("vote ", fan, " ", entry, "\n")
  else
    log:write("refused ", status, "\n")
  end
end
