-- GET a random key of the 10,000 that run.sh preloads (key-0 ... key-9999).
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format("GET", "/v1/kv/key-" .. math.random(0, 9999))
end
