-- PUT a small value (32 bytes) to a random key of 10,000.
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local body = string.rep("v", 32)
local headers = { ["Content-Type"] = "application/octet-stream" }
request = function()
  return wrk.format("PUT", "/v1/kv/key-" .. math.random(0, 9999), headers, body)
end
