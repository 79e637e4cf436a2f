-- KEYS: codes hash. ARGV: codeId, start, end. Returns 0 when there is no such code.
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local code = cjson.decode(json)
code.start = tonumber(ARGV[2])
code['end'] = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(code))
return 1
