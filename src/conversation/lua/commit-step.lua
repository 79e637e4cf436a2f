-- Consume the inbox head, save the new state and queue its effects, all or nothing.
-- KEYS: conv, inbox, outbox, byBooking (claim), convIndex, barred (claim), booking (claim),
--   identity tries, counter 1..n.
-- ARGV: expected version, state json, inbox head, claim ('1'/'0'), convKey, updatedAt,
--   identity check ('0' none / 'pass' / 'fail'), identity max, identity window s,
--   n counters, n counter windows s, effect json...
-- A claim is refused when another chat holds the booking, when staff took it from this chat, or
-- when it was cancelled since the step read it ({'claimed', owner or ''}: the step runs again with
-- what is true now). An identity check is refused when the booking's tries are used up ({'locked'}):
-- counted here, with the save, so chats racing on one booking cannot share more tries than the limit.
-- Returns {'ok', version} | {'conflict'} | {'gone'} | {'claimed', owner} | {'locked'}.
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[1]) then return {'conflict'} end
if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[3] then return {'gone'} end
if ARGV[7] ~= '0' then
  if tonumber(redis.call('GET', KEYS[8]) or '0') >= tonumber(ARGV[8]) then return {'locked'} end
end
if ARGV[4] == '1' then
  local owner = redis.call('GET', KEYS[4])
  if owner and owner ~= ARGV[5] then return {'claimed', owner} end
  if redis.call('SISMEMBER', KEYS[6], ARGV[5]) == 1 then return {'claimed', ''} end
  local booking = redis.call('GET', KEYS[7])
  if booking and cjson.decode(booking).status == 'cancelled' then return {'claimed', ''} end
  redis.call('SET', KEYS[4], ARGV[5])
end
if ARGV[7] == 'fail' then
  if redis.call('INCR', KEYS[8]) == 1 then redis.call('EXPIRE', KEYS[8], ARGV[9]) end
end
local counters = tonumber(ARGV[10])
for i = 1, counters do
  if redis.call('INCR', KEYS[8 + i]) == 1 then redis.call('EXPIRE', KEYS[8 + i], ARGV[10 + i]) end
end
redis.call('HSET', KEYS[1], 'v', version + 1, 'state', ARGV[2])
redis.call('LPOP', KEYS[2])
for i = 11 + counters, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
redis.call('ZADD', KEYS[5], ARGV[6], ARGV[5])
return {'ok', tostring(version + 1)}
