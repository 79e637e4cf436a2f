-- Writes the booking only if its record still holds what was read ('' expects no record), and
-- indexes it by check-out in the same step.
-- KEYS: booking, booking index. ARGV: expected json ('' = none), next json, check-out score, ref.
-- Returns 1 when written, 0 when the record changed meanwhile.
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
