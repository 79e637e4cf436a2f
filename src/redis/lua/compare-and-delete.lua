-- Deletes a key only while it still holds the given value (our token). KEYS: key. ARGV: value.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
