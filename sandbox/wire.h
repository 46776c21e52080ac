// Wire format between the launcher (in the engine) and the helper (pocsift-sandbox).
//
// The launcher sends one frame (channel.h) holding RequestToJson(); the helper answers with
// one frame: {"ok": true, "result": ResultToJson()} or {"ok": false, "error": {"kind",
// "message"}}. The helper is pocsift's own code, but its answer is still parsed defensively:
// a malformed one is an Error, never an exception.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/result.h"
#include "sandbox/request.h"
#include "sandbox/run_result.h"

namespace pocsift::sandbox {

nlohmann::json RequestToJson(const SandboxRequest& request);
Result<SandboxRequest> RequestFromJson(const nlohmann::json& json);

nlohmann::json ResultToJson(const SandboxResult& result);
Result<SandboxResult> ResultFromJson(const nlohmann::json& json);

nlohmann::json ErrorToJson(const Error& error);
// Reads the helper's answer frame: the result, or the helper's Error.
Result<SandboxResult> AnswerFromJson(const nlohmann::json& json);

}  // namespace pocsift::sandbox
