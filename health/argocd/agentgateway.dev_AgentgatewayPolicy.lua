-- Argo CD health of an AgentgatewayPolicy (agentgateway.dev). agentgateway v1.4.1 reports per
-- ancestor (the Gateway a target attaches to) in status.ancestors[].conditions: Accepted is
-- True/Valid, True/PartiallyValid (some of the policy was dropped, the error in the message) or
-- False/Invalid; Attached is True/Attached or False/Pending (target missing or not on a Gateway)
-- (PolicyConditionMap and attachmentErrorConditionMap in
-- controller/pkg/agentgateway/plugins/traffic_plugin.go; status type gwv1.PolicyStatus in
-- controller/api/v1alpha1/agentgateway/agentgateway_policy_types.go). No ancestor: not attached yet.
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
local function ancestorName(a)
  local ref = a.ancestorRef or {}
  local name = ref.name or "?"
  if ref.namespace ~= nil then name = ref.namespace .. "/" .. name end
  return (ref.kind or "Gateway") .. " " .. name
end
local ancestors = {}
if obj.status ~= nil and obj.status.ancestors ~= nil then ancestors = obj.status.ancestors end
if #ancestors == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for agentgateway to attach the policy to a Gateway"
  return hs
end
local waiting = nil
for _, a in ipairs(ancestors) do
  local accepted = nil
  local attached = nil
  for _, c in ipairs(a.conditions or {}) do
    if c.type == "Accepted" then accepted = c end
    if c.type == "Attached" then attached = c end
  end
  if accepted == nil or (accepted.observedGeneration ~= nil and generation ~= nil and accepted.observedGeneration < generation) then
    waiting = waiting or ("Waiting for agentgateway to accept the current generation on " .. ancestorName(a))
  elseif accepted.status == "False" or (accepted.status == "True" and accepted.reason == "PartiallyValid") then
    hs.status = "Degraded"
    hs.message = ancestorName(a) .. ": " .. detail(accepted)
    return hs
  elseif accepted.status ~= "True" then
    waiting = waiting or (ancestorName(a) .. ": " .. detail(accepted))
  elseif attached ~= nil and attached.status ~= "True" then
    waiting = waiting or (ancestorName(a) .. ": " .. detail(attached))
  end
end
if waiting ~= nil then
  hs.status = "Progressing"
  hs.message = waiting
  return hs
end
hs.status = "Healthy"
hs.message = "Accepted and attached on " .. string.format("%d", #ancestors) .. " ancestor(s)"
return hs
