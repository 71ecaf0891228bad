-- GET one path with a Host whose port no two requests share (127.0.0.1:1024, :1025, …):
-- a flood sent to get past the page cache, which the shipped nginx passes on as sent.
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path, {Host = "127.0.0.1:" .. (1024 + n % 60000)})
end
