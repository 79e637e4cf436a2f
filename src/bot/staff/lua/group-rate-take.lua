-- One post into the group, if the window allows it: 0 when taken, else how many ms to wait.
-- Redis's clock, so processes on hosts whose clocks differ still share one window.
-- KEYS: posts zset, pause, last mirror post. ARGV: window, limit, gap, class gap, is mirror, id.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local freed = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  return math.max(1, tonumber(freed[2]) + window - now)
end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then
  local since = now - tonumber(last[2])
  if since < tonumber(ARGV[3]) then return tonumber(ARGV[3]) - since end
end
if ARGV[5] == '1' then
  local since = now - tonumber(redis.call('GET', KEYS[3]) or '0')
  if since < tonumber(ARGV[4]) then return tonumber(ARGV[4]) - since end
  redis.call('SET', KEYS[3], now, 'PX', window)
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[6])
redis.call('PEXPIRE', KEYS[1], window)
return 0
