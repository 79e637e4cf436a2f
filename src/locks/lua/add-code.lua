-- Add a code unless the lock has one with these digits: ours (same name: an earlier try whose
-- answer was lost) is returned as it is, anyone else's is a duplicate (TTLock -3007).
-- A full lock refuses a new code (TTLock -3009).
-- KEYS: codes hash, seq. ARGV: name, code json, digits, capacity.
for _, json in ipairs(redis.call('HVALS', KEYS[1])) do
  local c = cjson.decode(json)
  if c.code == ARGV[3] then
    if c.name == ARGV[1] then return {'exists', json} end
    return {'duplicate'}
  end
end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return {'full'} end
local id = redis.call('INCR', KEYS[2])
local code = cjson.decode(ARGV[2])
code.codeId = id
local stored = cjson.encode(code)
redis.call('HSET', KEYS[1], id, stored)
return {'added', stored}
