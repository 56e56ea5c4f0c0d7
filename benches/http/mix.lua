-- A mix of what staff and contacts do, for `wrk`: staff pages, portal pages,
-- server function calls and sign-ins, chosen at random by weight.
--
-- Reads the session cookies that run.sh got by signing in (STAFF_COOKIE,
-- CONTACT_COOKIE), the organization to open (ORG_ID) and the server's origin
-- (ORIGIN, sent as Origin so that writes pass the same-origin rule). Counts
-- answers by status class and prints them when the run is done: anything but
-- 2xx and 3xx is an error.

local staff = os.getenv("STAFF_COOKIE")
local contact = os.getenv("CONTACT_COOKIE")
local org = os.getenv("ORG_ID") or "1"
local origin = os.getenv("ORIGIN")

local form = "application/x-www-form-urlencoded"

local function page(path, cookie)
  return { method = "GET", path = path, headers = { Cookie = cookie, Accept = "text/html" } }
end

local function call(path, cookie, body)
  return {
    method = "POST",
    path = path,
    body = body,
    headers = { Cookie = cookie, ["Content-Type"] = form, Accept = "application/json", Origin = origin },
  }
end

-- weight, request
local mix = {
  { 14, page("/admin", staff) },
  { 14, page("/admin/customers/" .. org, staff) },
  { 4, page("/admin/settings/email-templates", staff) },
  { 10, page("/portal", contact) },
  { 10, page("/portal/contacts", contact) },
  { 6, page("/portal/billing", contact) },
  { 14, call("/api/organizations/list", staff, "search=&sort=name&page=1") },
  { 10, call("/api/admin/contacts/list", staff, "organization_id=" .. org .. "&search=&sort=name&offset=0") },
  { 10, call("/api/portal/contacts/list", contact, "name=&status=all&page=1") },
  { 6, call("/api/contacts/me", contact, "") },
  -- A sign-in costs an Argon2 hash by design; it is a small share of traffic.
  { 2, call("/api/login", "", "email=lotrtest%40test.com&password=contact-demo-2026") },
}

local total = 0
for _, entry in ipairs(mix) do
  total = total + entry[1]
end

local formatted = {}
for i, entry in ipairs(mix) do
  local r = entry[2]
  local headers = {}
  for k, v in pairs(r.headers) do
    if v ~= nil and v ~= "" then
      headers[k] = v
    end
  end
  formatted[i] = wrk.format(r.method, r.path, headers, r.body)
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  ok, redirects, client_errors, server_errors = 0, 0, 0, 0
end

function request()
  local pick = math.random(total)
  for i, entry in ipairs(mix) do
    pick = pick - entry[1]
    if pick <= 0 then
      return formatted[i]
    end
  end
  return formatted[1]
end

function response(status, headers, body)
  if status < 300 then
    ok = ok + 1
  elseif status < 400 then
    redirects = redirects + 1
  elseif status < 500 then
    client_errors = client_errors + 1
  else
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local sum = { ok = 0, redirects = 0, client_errors = 0, server_errors = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(sum) do
      sum[key] = sum[key] + (thread:get(key) or 0)
    end
  end
  io.write(string.format(
    "answers: %d 2xx, %d 3xx, %d 4xx, %d 5xx; socket errors: %d connect, %d read, %d write, %d timeout\n",
    sum.ok, sum.redirects, sum.client_errors, sum.server_errors,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
