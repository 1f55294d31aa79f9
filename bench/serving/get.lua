-- wrk script: GET the URL's path (the health route), with the same bearer header as post.lua.
local key = os.getenv("WRK_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
