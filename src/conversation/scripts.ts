/**
 * Lua scripts: each one is atomic in Redis, so several processes can serve one chat
 * without a lost update or a message processed twice.
 */

/**
 * Dedupe, flood-limit and enqueue one inbound delivery. The dedupe comes first, so a redelivery
 * is never counted; the count is in Redis, so every process shares it.
 * KEYS: dedupe, inbox, pending, inbound count, outbox.
 * ARGV: item json, convKey, dedupe ttl seconds (0 = no dedupe), limit per window (0 = not
 * counted), window ms, notice outbox items json...
 * Returns 1 when queued, 0 when this delivery was seen before, 2 when it is the first one over
 * the limit (not queued; the notice went to the outbox), 3 when over the limit and dropped.
 */
export const ENQUEUE_INBOUND = `
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
`;

/**
 * Consume the inbox head, save the new state and queue its effects, all or nothing.
 * KEYS: conv, inbox, outbox, byBooking (claim), convIndex, barred (claim), booking (claim),
 *   identity tries, counter 1..n.
 * ARGV: expected version, state json, inbox head, claim ('1'/'0'), convKey, updatedAt,
 *   identity check ('0' none / 'pass' / 'fail'), identity max, identity window s,
 *   n counters, n counter windows s, effect json...
 * A claim is refused when another chat holds the booking, when staff took it from this chat, or
 * when it was cancelled since the step read it ({'claimed', owner or ''}: the step runs again with
 * what is true now). An identity check is refused when the booking's tries are used up ({'locked'}):
 * counted here, with the save, so chats racing on one booking cannot share more tries than the limit.
 * Returns {'ok', version} | {'conflict'} | {'gone'} | {'claimed', owner} | {'locked'}.
 */
export const COMMIT_STEP = `
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
`;

/**
 * Drop the conversation from the pending set only if nothing is queued for it.
 * KEYS: inbox, outbox, pending. ARGV: convKey. Returns 1 when removed.
 */
export const SETTLE_PENDING = `
if redis.call('LLEN', KEYS[1]) == 0 and redis.call('LLEN', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[1])
  return 1
end
return 0
`;

/** Remove a list's head only if it is still the item we handled. KEYS: list. ARGV: item json. */
export const POP_HEAD = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LPOP', KEYS[1]) return 1 end
return 0
`;

/** Replace a list's head (to record an attempt) only if unchanged. KEYS: list. ARGV: old, new. */
export const REPLACE_HEAD = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LSET', KEYS[1], 0, ARGV[2]) return 1 end
return 0
`;
