-- Argo CD health of an AgentgatewayParameters (agentgateway.dev). agentgateway v1.4.1 declares its
-- status as an empty struct (AgentgatewayParametersStatus in
-- controller/api/v1alpha1/agentgateway/agentgateway_parameters_types.go): nothing is ever reported,
-- so there is nothing to wait for or fail on; the Gateway that uses the parameters carries the
-- verdict (Argo CD's built-in Gateway check, and our ToolGateway check). Without this script Argo CD
-- would show the object with no health at all.
-- Plain Lua 5.1: Argo CD runs it in gopher-lua.
local hs = {}
hs.status = "Healthy"
hs.message = "agentgateway reports no status for parameters; see the Gateway that uses them"
return hs
