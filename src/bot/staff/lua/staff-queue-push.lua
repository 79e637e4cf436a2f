-- Append an item and make sure its target is scheduled. A line keeps the earlier due time
-- (NX: the first line of a batch sets when the batch goes); an urgent item pulls it forward (LT).
-- KEYS: queue, due. ARGV: item, score, urgent, target, max items.
local n = redis.call('RPUSH', KEYS[1], ARGV[1])
local max = tonumber(ARGV[5])
if n > max then redis.call('LTRIM', KEYS[1], n - max, -1) end
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[2], 'LT', ARGV[2], ARGV[4])
else
  redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[4])
end
return n
