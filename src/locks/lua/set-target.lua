-- Sets what the PIN is meant to be (status pending) and keeps every code already held. Records
-- written before codes were tracked per lock (`lock:<id>` = code id, `used:<id>`) are converted
-- first, with the digits and window they were written for. `renewing` is only ever set here.
-- KEYS: pin hash. ARGV: code, start, end, targets (comma list), renewing ('1' or ''), now.
local h = redis.call('HGETALL', KEYS[1])
local f = {}
for i = 1, #h, 2 do f[h[i]] = h[i + 1] end
local old = f['code'] or ''
local window = '"start":' .. (f['start'] or '0') .. ',"end":' .. (f['end'] or '0')
for name, value in pairs(f) do
  local kind, lock = string.match(name, '^(%a+):(%d+)$')
  if kind == 'lock' or kind == 'used' then
    if old ~= '' and not f['on:' .. lock .. ':' .. old] then
      local id = f['lock:' .. lock]
      local held = id and ('{' .. window .. ',"id":' .. id .. '}') or ('{' .. window .. '}')
      redis.call('HSET', KEYS[1], 'on:' .. lock .. ':' .. old, held)
    end
    redis.call('HDEL', KEYS[1], name)
  end
end
if not f['given'] and f['status'] == 'ready' and old ~= '' then redis.call('HSET', KEYS[1], 'given', old) end
redis.call('HSET', KEYS[1], 'code', ARGV[1], 'start', ARGV[2], 'end', ARGV[3], 'targets', ARGV[4], 'status', 'pending', 'updatedAt', ARGV[6])
redis.call('HDEL', KEYS[1], 'reason')
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'renewing', '1') end
return 1
