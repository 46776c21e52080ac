-- wrk script for `pocsift serve`: a mixed load of submissions and reads.
-- Environment: POCSIFT_TOKEN (submit+read), POCSIFT_BUNDLES (folder of 0.tar.gz … N-1.tar.gz),
-- POCSIFT_BUNDLE_COUNT, POCSIFT_CASE (an existing case id), POCSIFT_POST_EVERY (one request in
-- this many is a submission).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("POCSIFT_TOKEN")
  folder = os.getenv("POCSIFT_BUNDLES")
  count = tonumber(os.getenv("POCSIFT_BUNDLE_COUNT"))
  case = os.getenv("POCSIFT_CASE")
  post_every = tonumber(os.getenv("POCSIFT_POST_EVERY"))
  nthreads = tonumber(os.getenv("POCSIFT_THREADS"))
  next_bundle = id
  n = 0
  accepted = 0
  ids = ""
  rejected = 0
  other = 0
  headers = {["Authorization"] = "Bearer " .. token}
  post_headers = {["Authorization"] = "Bearer " .. token,
                  ["Content-Type"] = "application/octet-stream"}
  bundles = {}
end

local function bundle(i)
  if bundles[i] == nil then
    local f = io.open(folder .. "/" .. i .. ".tar.gz", "rb")
    bundles[i] = f:read("*a")
    f:close()
  end
  return bundles[i]
end

function request()
  n = n + 1
  if n % post_every == 0 and next_bundle < count then
    local body = bundle(next_bundle)
    bundles[next_bundle] = nil
    next_bundle = next_bundle + nthreads
    return wrk.format("POST", "/v1/cases", post_headers, body)
  end
  if n % 10 == 1 then
    return wrk.format("GET", "/v1/cases?limit=20", headers)
  end
  return wrk.format("GET", "/v1/cases/" .. case, headers)
end

function response(status, hdrs, body)
  if status == 202 then
    accepted = accepted + 1
    ids = ids .. string.match(body, '"id": "([^"]+)"') .. "\n"
  elseif status == 429 or status == 503 then
    rejected = rejected + 1
  elseif status ~= 200 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, r, o = 0, 0, 0
  local out = io.open(os.getenv("POCSIFT_IDS"), "w")
  for _, t in ipairs(threads) do
    out:write(t:get("ids"))
    a = a + t:get("accepted")
    r = r + t:get("rejected")
    o = o + t:get("other")
  end
  out:close()
  io.write(string.format("accepted(202)=%d rejected(429/503)=%d unexpected=%d\n", a, r, o))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%g=%.2fms\n", p, latency:percentile(p) / 1000))
  end
end
