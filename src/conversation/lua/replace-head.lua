-- Replace a list's head (to record an attempt) only if unchanged. KEYS: list. ARGV: old, new.
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LSET', KEYS[1], 0, ARGV[2]) return 1 end
return 0
