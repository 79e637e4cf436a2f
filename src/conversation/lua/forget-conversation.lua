-- Deletes one conversation (state, inbox, outbox, index entries, the booking's claim on it) if it
-- is about this booking or none, was idle since `cutoff` ('' = no idle check) and nothing is in
-- flight: a chat busy right now is tried again later rather than cut off mid-message.
-- KEYS: conv, inbox, outbox, lock, convIndex, convPending, byBooking, inbound count. ARGV: convKey, ref ('' = none), cutoff.
-- Returns 'deleted', 'kept' (about another booking, or active since) or 'busy'.
local raw = redis.call('HGET', KEYS[1], 'state')
if raw then
  local ok, state = pcall(cjson.decode, raw)
  if ok and type(state) == 'table' and type(state.ref) == 'string' and state.ref ~= ARGV[2] then return 'kept' end
end
if ARGV[3] ~= '' then
  local score = redis.call('ZSCORE', KEYS[5], ARGV[1])
  if score and tonumber(score) > tonumber(ARGV[3]) then return 'kept' end
end
if redis.call('EXISTS', KEYS[4]) == 1 or redis.call('LLEN', KEYS[2]) > 0 or redis.call('LLEN', KEYS[3]) > 0 then return 'busy' end
-- The count expires within a minute anyway, but its name holds the chat id (a phone number).
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[8])
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('SREM', KEYS[6], ARGV[1])
if redis.call('GET', KEYS[7]) == ARGV[1] then redis.call('DEL', KEYS[7]) end
return 'deleted'
