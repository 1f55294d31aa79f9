-- wrk script: POST one JSON body (file from env WRK_BODY) to the URL's path, with an optional bearer key (env WRK_KEY).
-- Counts non-2xx answers so a run of 401s or 400s can't pass as throughput.
local f = assert(io.open(os.getenv("WRK_BODY"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("WRK_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
