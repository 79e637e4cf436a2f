-- Rewrites the chosen entries with personal data taken out: chat ids (`whatsapp:…`, `telegram:…`;
-- a WhatsApp chat is the guest's phone number, a Telegram one their user id), email addresses,
-- phone numbers and long digit runs, plus the given words and quoted text. Entries keep their ids
-- and order. A stream can only be appended to, so a changed one is rebuilt, in one script: no
-- entry added meanwhile is lost. (No consumer groups read these streams; a rebuild would drop them.)
-- KEYS: stream. ARGV: the redaction as JSON. Returns how many entries changed.
local opts = cjson.decode(ARGV[1])
local fields = {}
for _, f in ipairs(opts.fields) do fields[f] = true end
local where = nil
if type(opts.where) == 'table' and next(opts.where) ~= nil then
  where = {}
  for f, values in pairs(opts.where) do
    where[f] = {}
    for _, v in ipairs(values) do where[f][v] = true end
  end
end
local words = {}
for _, w in ipairs(opts.words or {}) do
  if w ~= '' then words[#words + 1] = string.lower(w) end
end
local function wanted(flat)
  if not where then return true end
  for i = 1, #flat, 2 do
    local values = where[flat[i]]
    if values and values[flat[i + 1]] then return true end
  end
  return false
end
local function isWordByte(c)
  return c ~= '' and string.find(c, '^[%w_]') ~= nil
end
local function eraseWord(v, w)
  local lower = string.lower(v)
  local out, pos, from = {}, 1, 1
  while true do
    local s, e = string.find(lower, w, from, true)
    if not s then break end
    if not isWordByte(string.sub(v, s - 1, s - 1)) and not isWordByte(string.sub(v, e + 1, e + 1)) then
      out[#out + 1] = string.sub(v, pos, s - 1)
      out[#out + 1] = '[removed]'
      pos = e + 1
    end
    from = e + 1
  end
  out[#out + 1] = string.sub(v, pos)
  return table.concat(out)
end
-- Patterns before words: a name erased first would leave the rest of an email address behind.
local function redact(v)
  v = string.gsub(v, '(whatsapp:)[^%s,;]+', '%1[removed]')
  v = string.gsub(v, '(telegram:)[^%s,;]+', '%1[removed]')
  v = string.gsub(v, '[%w%.%%%+%-_]+@[%w%-]+%.[%w%.%-]+', '[removed]')
  v = string.gsub(v, '%+%d[%d %-]*%d', '[removed]')
  v = string.gsub(v, '%d%d%d%d%d%d%d+', '[removed]')
  if opts.quoted then v = string.gsub(v, '"[^"]*"', '"[removed]"') end
  for _, w in ipairs(words) do v = eraseWord(v, w) end
  return v
end
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
local rewritten = {}
local changed = 0
for _, e in ipairs(entries) do
  local flat = e[2]
  local out = {}
  local touched = false
  local redacting = wanted(flat)
  for i = 1, #flat, 2 do
    local v = flat[i + 1]
    if redacting and fields[flat[i]] then
      local r = redact(v)
      if r ~= v then touched = true end
      v = r
    end
    out[#out + 1] = flat[i]
    out[#out + 1] = v
  end
  if touched then changed = changed + 1 end
  rewritten[#rewritten + 1] = { e[1], out }
end
if changed == 0 then return 0 end
redis.call('DEL', KEYS[1])
for _, e in ipairs(rewritten) do redis.call('XADD', KEYS[1], e[1], unpack(e[2])) end
return changed
