-- wrk script: POST /v1/classify with {"text": …}, cycling through the texts of a file (one JSON
-- body a line), given after `--`.
local bodies = {}
local n = 0
function init(args)
  for line in io.lines(args[1]) do
    n = n + 1
    bodies[n] = line
  end
  i = math.random(n)
end
request = function()
  i = i % n + 1
  return wrk.format("POST", "/v1/classify", {["Content-Type"] = "application/json"}, bodies[i])
end
