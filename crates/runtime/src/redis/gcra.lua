-- One rate-limit slot, GCRA with a burst of one, on Redis's own clock (so hosts' clocks do not
-- matter). Reserves the next slot under KEYS[1] and returns how long to wait for it.
--
-- KEYS[1]  the key (prefix + app/operation); its value is the theoretical arrival time (TAT) of
--          the next slot, in microseconds of Redis's clock
-- ARGV[1]  the time between two calls, in microseconds (1 s / (per_second * (1 - headroom)))
-- returns  the wait before the reserved slot, in microseconds (0: now)
--
-- TIME in a script that writes needs effects replication: the default from Redis 5, the only mode
-- from 7; asked for explicitly on older servers.
if redis.replicate_commands then
  pcall(redis.replicate_commands)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local slot = math.max(tat, now)
local next_tat = slot + interval
-- The key outlives the last reservation by a second, then goes.
local ttl_ms = math.floor((next_tat - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%d', next_tat), 'PX', ttl_ms)
return slot - now
