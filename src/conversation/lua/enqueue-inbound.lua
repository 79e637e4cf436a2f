-- Dedupe, flood-limit and enqueue one inbound delivery. The dedupe comes first, so a redelivery
-- is never counted; the count is in Redis, so every process shares it.
-- KEYS: dedupe, inbox, pending, inbound count, outbox.
-- ARGV: item json, convKey, dedupe ttl seconds (0 = no dedupe), limit per window (0 = not
-- counted), window ms, notice outbox items json...
-- Returns 1 when queued, 0 when this delivery was seen before, 2 when it is the first one over
-- the limit (not queued; the notice went to the outbox), 3 when over the limit and dropped.
if tonumber(ARGV[3]) > 0 then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then return 0 end
end
local limit = tonumber(ARGV[4])
if limit > 0 then
  local n = redis.call('INCR', KEYS[4])
  -- A fixed window from the chat's first message: cheaper than a sliding one, and as fair here.
  if n == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[5]) end
  if n > limit + 1 then return 3 end
  if n == limit + 1 then
    for i = 6, #ARGV do redis.call('RPUSH', KEYS[5], ARGV[i]) end
    redis.call('SADD', KEYS[3], ARGV[2])
    return 2
  end
end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
return 1
