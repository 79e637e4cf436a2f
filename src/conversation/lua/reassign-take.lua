-- Takes the booking from `expected` in one step, so that no chat can prove it in between and no
-- step of that chat can be lost: owner gone, that chat barred from it and no longer waiting for its
-- PIN, the PIN record flagged `revoked` (no one is shown it, and the PIN job takes its codes off
-- the locks before it makes another), the booking's identity tries given back, and the news queued
-- in that chat's inbox (a crash after this still tells it).
-- KEYS: owner, barred, watchers, pin, identity tries, locked-alert once key, owner's inbox, pending.
-- ARGV: expected owner, barred ttl, now, inbox item. Returns 1, or 0 when the owner is not `expected`.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[5], KEYS[6])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], 'revoked', ARGV[3])
redis.call('RPUSH', KEYS[7], ARGV[4])
redis.call('SADD', KEYS[8], ARGV[1])
return 1
