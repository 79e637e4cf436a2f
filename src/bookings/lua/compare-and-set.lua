-- Write `next` only if the record still holds `expected`: a read-modify-write without WATCH on a shared connection.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
