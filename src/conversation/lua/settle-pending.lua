-- Drop the conversation from the pending set only if nothing is queued for it.
-- KEYS: inbox, outbox, pending. ARGV: convKey. Returns 1 when removed.
if redis.call('LLEN', KEYS[1]) == 0 and redis.call('LLEN', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[1])
  return 1
end
return 0
