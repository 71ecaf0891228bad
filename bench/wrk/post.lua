-- POST comment forms, each with its own solved challenge, from the file WRK_BODIES
-- (one urlencoded body per line). Threads take every n-th line, so no token is sent twice.
local counter, threads = 1, {}
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end
local bodies, n = {}, 0
init = function(args)
  local i, total = 0, tonumber(os.getenv("WRK_THREADS"))
  for line in io.lines(os.getenv("WRK_BODIES")) do
    if i % total == id - 1 then bodies[#bodies + 1] = line end
    i = i + 1
  end
end
request = function()
  n = n + 1
  local body = bodies[((n - 1) % #bodies) + 1]
  return wrk.format("POST", os.getenv("WRK_PATH"),
                    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
