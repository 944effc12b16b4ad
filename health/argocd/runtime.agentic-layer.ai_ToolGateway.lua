-- Argo CD health of a ToolGateway (runtime.agentic-layer.ai), from the status the cdk8s-tool-gateway
-- reconciler writes: status.observedGeneration and a Ready condition whose reason and message say
-- what is missing (the Gateway, its policies, its guard adapters). Plain Lua 5.1: Argo CD runs it in gopher-lua.
local hs = {}
local generation = nil
if obj.metadata ~= nil then generation = obj.metadata.generation end
local function stale(observed)
  return observed ~= nil and generation ~= nil and observed < generation
end
local function detail(c)
  local reason = c.reason or ""
  local message = c.message or ""
  if reason ~= "" and message ~= "" then return reason .. ": " .. message end
  if reason ~= "" then return reason end
  if message ~= "" then return message end
  return "no reason given"
end
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the reconciler to report status"
  return hs
end
if stale(obj.status.observedGeneration) then
  hs.status = "Progressing"
  hs.message = "Waiting for the reconciler to observe generation " .. string.format("%d", generation)
  return hs
end
local ready = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then ready = c end
end
if ready == nil or stale(ready.observedGeneration) then
  hs.status = "Progressing"
  hs.message = "Waiting for the reconciler to report Ready for the current generation"
  return hs
end
if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or ""
  return hs
end
if ready.status == "False" then
  hs.status = "Degraded"
  hs.message = detail(ready)
  return hs
end
hs.status = "Progressing"
hs.message = detail(ready)
return hs
