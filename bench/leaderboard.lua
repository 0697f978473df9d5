-- wrk script: each request reads the leaderboard as another fan, drawn at random.
-- Arguments: first fan id, number of fans.

local first_fan, fans

function init(args)
  first_fan, fans = tonumber(args[1]), tonumber(args[2])
  math.randomseed(42)
end

function request()
  local fan = first_fan + math.random(0, fans - 1)
  return wrk.format("GET", "/bench/fans/" .. fan .. "/leaderboard")
end
