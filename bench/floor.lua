-- wrk script: the floors, one request per fan drawn at random.
-- Arguments: first fan id, number of fans, method, path before the fan id, path after it.

local first_fan, fans, method, before, after

function init(args)
  first_fan, fans = tonumber(args[1]), tonumber(args[2])
  method, before, after = args[3], args[4], args[5]
  math.randomseed(7)
end

function request()
  local fan = first_fan + math.random(0, fans - 1)
  return wrk.format(method, before .. fan .. after, {["Content-Length"] = "0"})
end
