-- Drop the items just posted; unschedule the target when nothing is left, else make it due now
-- (LT: an urgent item queued meanwhile keeps its head start). Atomic with PUSH, so an item pushed
-- while posting is never left unscheduled. KEYS: queue, due. ARGV: count, target, now.
if tonumber(ARGV[1]) > 0 then redis.call('LTRIM', KEYS[1], ARGV[1], -1) end
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[2])
else
  redis.call('ZADD', KEYS[2], 'LT', ARGV[3], ARGV[2])
end
return 1
