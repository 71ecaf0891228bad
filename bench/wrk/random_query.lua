-- GET one path with a query no two requests share (?r=1-…, ?r=2-…): a flood sent to get
-- past every cache, or readers arriving by links a network added its parameters to.
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "?r=" .. n .. "-" .. math.random(1000000000))
end
