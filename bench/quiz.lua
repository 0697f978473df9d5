-- wrk script: fans play the bench quiz. Each connection walks its own fans, one after another:
-- serve a question, answer it with a choice drawn at random, and so on until the attempt is
-- finished, then the next fan. Run with one connection per thread: wrk's Lua state is per
-- thread and a response does not say which connection it came back on.
-- Arguments: first fan id, number of fans, directory for the log of responses, where in the
-- walk over the fans to start (so a warm-up and the measured run play other fans), threads.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local first_fan, fans, start, threads, log
local walked = 0
local fan, question, choices, asked

local function next_fan()
  -- Connection t takes positions t, t + threads, ... of one walk: no two share a fan, so no
  -- request waits on another's row locks. A prime stride spreads the fans over the table.
  local position = start + walked * threads + thread_id - 1
  walked = walked + 1
  fan = first_fan + (position * 7919) % fans
  question = nil
end

function init(args)
  first_fan, fans, start, threads =
    tonumber(args[1]), tonumber(args[2]), tonumber(args[4]), tonumber(args[5])
  log = io.open(args[3] .. "/quiz-" .. thread_id .. ".log", "w")
  -- Line buffering: the file is complete even if wrk exits without closing it.
  log:setvbuf("line")
  math.randomseed(thread_id * 104729 + start)
  next_fan()
end

function request()
  if question then
    asked = "answer"
    local body = '{"choice_ids":[' .. choices[math.random(#choices)] .. "]}"
    return wrk.format("POST", "/bench/quiz/fans/" .. fan .. "/answer/" .. question,
                      {["Content-Type"] = "application/json"}, body)
  end
  asked = "next"
  return wrk.format("POST", "/bench/quiz/fans/" .. fan .. "/next", {["Content-Length"] = "0"})
end

function response(status, headers, body)
  local ok = status >= 200 and status < 300
  if asked == "answer" then
    -- Answered or refused, the question is done with: the next request serves again.
    question = nil
    if ok then
      log:write("answer ", body:match('"attempt_id":%s*(%d+)'), " ",
                body:match('"question_id":%s*(%d+)'), "\n")
      if body:find('"finished":%s*true') then
        next_fan()
      end
    else
      log:write("refused answer ", status, "\n")
    end
  elseif ok then
    log:write("serve\n")
    question = body:match('"question_id":%s*(%d+)')
    if question then
      choices = {}
      for id in body:match('"choices":%s*%[(.-)%]'):gmatch('"id":%s*(%d+)') do
        choices[#choices + 1] = id
      end
    else
      next_fan()
    end
  else
    log:write("refused next ", status, "\n")
    next_fan()
  end
end
