-- Remove a list's head only if it is still the item we handled. KEYS: list. ARGV: item json.
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LPOP', KEYS[1]) return 1 end
return 0
