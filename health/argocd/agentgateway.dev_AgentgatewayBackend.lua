-- Argo CD health of an AgentgatewayBackend (agentgateway.dev). agentgateway v1.4.1 writes one
-- condition, Accepted, with the backend's generation: True/Accepted once translated, False/
-- TranslationError with the error otherwise (controller/pkg/syncer/backend/backend_plugin.go;
-- status type in controller/api/v1alpha1/agentgateway/agentgateway_backend_types.go).
-- Plain Lua 5.1: Argo CD runs it in gopher-lua.
local hs = {}
local generation = nil
if obj.metadata ~= nil then generation = obj.metadata.generation end
local function detail(c)
  local reason = c.reason or ""
  local message = c.message or ""
  if reason ~= "" and message ~= "" then return reason .. ": " .. message end
  if reason ~= "" then return reason end
  if message ~= "" then return message end
  return "no reason given"
end
local accepted = nil
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Accepted" then accepted = c end
  end
end
if accepted == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for agentgateway to accept the backend"
  return hs
end
if accepted.observedGeneration ~= nil and generation ~= nil and accepted.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for agentgateway to observe generation " .. string.format("%d", generation)
  return hs
end
if accepted.status == "True" then
  hs.status = "Healthy"
  hs.message = accepted.message or ""
  return hs
end
if accepted.status == "False" then
  hs.status = "Degraded"
  hs.message = detail(accepted)
  return hs
end
hs.status = "Progressing"
hs.message = detail(accepted)
return hs
