#include "sandbox/wire.h"

#include <string>

namespace pocsift::sandbox {
namespace {

using nlohmann::json;

json LimitsToJson(const SandboxLimits& l) {
  return {{"cpu_seconds", l.cpu_seconds},
          {"address_space_bytes", l.address_space_bytes},
          {"max_tasks", l.max_tasks},
          {"file_size_bytes", l.file_size_bytes},
          {"open_files", l.open_files},
          {"tmpfs_bytes", l.tmpfs_bytes},
          {"tmpfs_inodes", l.tmpfs_inodes},
          {"wall_ms", l.wall_ms},
          {"max_frame_bytes", l.max_frame_bytes},
          {"max_output_bytes", l.max_output_bytes},
          {"max_frames", l.max_frames},
          {"stderr_tail_bytes", l.stderr_tail_bytes}};
}

// Reads `key` of `object` into `out` when present and of the right type.
template <class T>
bool Read(const json& object, const char* key, T& out) {
  auto it = object.find(key);
  if (it == object.end()) return true;  // optional: keep the default
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return false;
    out = it->template get<std::string>();
  } else if constexpr (std::is_integral_v<T>) {
    if (!it->is_number_integer()) return false;
    if (std::is_unsigned_v<T> && !it->is_number_unsigned() && it->template get<long long>() < 0) {
      return false;
    }
    out = it->template get<T>();
  }
  return true;
}

Error Malformed(const char* where) {
  return BadInput(std::string("sandbox wire: ") + where + " is missing or of the wrong type");
}

Result<SandboxLimits> LimitsFromJson(const json& j) {
  SandboxLimits l;
  if (!j.is_object()) return Malformed("limits");
  if (!Read(j, "cpu_seconds", l.cpu_seconds) ||
      !Read(j, "address_space_bytes", l.address_space_bytes) ||
      !Read(j, "max_tasks", l.max_tasks) || !Read(j, "file_size_bytes", l.file_size_bytes) ||
      !Read(j, "open_files", l.open_files) || !Read(j, "tmpfs_bytes", l.tmpfs_bytes) ||
      !Read(j, "tmpfs_inodes", l.tmpfs_inodes) || !Read(j, "wall_ms", l.wall_ms) ||
      !Read(j, "max_frame_bytes", l.max_frame_bytes) ||
      !Read(j, "max_output_bytes", l.max_output_bytes) ||
      !Read(j, "max_frames", l.max_frames) ||
      !Read(j, "stderr_tail_bytes", l.stderr_tail_bytes)) {
    return Malformed("a limit");
  }
  return l;
}

}  // namespace

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kOk:
      return "ok";
    case RunStatus::kFailed:
      return "failed";
    case RunStatus::kTimeout:
      return "timeout";
  }
  return "failed";
}

json RequestToJson(const SandboxRequest& r) {
  return {{"rootfs", r.rootfs.string()},       {"django", r.django.string()},
          {"harness", r.harness.string()},     {"project", r.project.string()},
          {"bundle", r.bundle.string()},       {"python_args", r.python_args},
          {"env", r.env},                      {"input", r.input},
          {"limits", LimitsToJson(r.limits)},  {"host_uid", r.host_uid},
          {"host_gid", r.host_gid}};
}

Result<SandboxRequest> RequestFromJson(const json& j) {
  if (!j.is_object()) return Malformed("the request");
  SandboxRequest r;
  std::string rootfs, django, harness, project, bundle;
  if (!Read(j, "rootfs", rootfs) || !Read(j, "django", django) ||
      !Read(j, "harness", harness) || !Read(j, "project", project) ||
      !Read(j, "bundle", bundle) || !Read(j, "host_uid", r.host_uid) ||
      !Read(j, "host_gid", r.host_gid)) {
    return Malformed("a request field");
  }
  r.rootfs = rootfs;
  r.django = django;
  r.harness = harness;
  r.project = project;
  r.bundle = bundle;
  if (auto it = j.find("python_args"); it != j.end()) {
    if (!it->is_array()) return Malformed("python_args");
    for (const json& arg : *it) {
      if (!arg.is_string()) return Malformed("python_args[]");
      r.python_args.push_back(arg.get<std::string>());
    }
  }
  if (auto it = j.find("env"); it != j.end()) {
    if (!it->is_object()) return Malformed("env");
    for (const auto& [name, value] : it->items()) {
      if (!value.is_string()) return Malformed("env value");
      r.env[name] = value.get<std::string>();
    }
  }
  if (auto it = j.find("input"); it != j.end()) r.input = *it;
  if (auto it = j.find("limits"); it != j.end()) {
    auto limits = LimitsFromJson(*it);
    if (!limits) return limits.error();
    r.limits = limits.value();
  }
  return r;
}

json ResultToJson(const SandboxResult& r) {
  json j = {{"status", RunStatusName(r.status)},
            {"cpu_ms", r.cpu_ms},
            {"wall_ms", r.wall_ms},
            {"max_rss_kb", r.max_rss_kb},
            {"denied_syscalls", r.denied_syscalls},
            {"frames", r.frames},
            {"stderr_tail", r.stderr_tail},
            {"failure_reason", r.failure_reason}};
  j["exit_code"] = r.exit_code ? json(*r.exit_code) : json(nullptr);
  j["signal"] = r.term_signal ? json(*r.term_signal) : json(nullptr);
  return j;
}

Result<SandboxResult> ResultFromJson(const json& j) {
  if (!j.is_object()) return Malformed("the result");
  SandboxResult r;
  std::string status;
  if (!Read(j, "status", status) || !Read(j, "cpu_ms", r.cpu_ms) ||
      !Read(j, "wall_ms", r.wall_ms) || !Read(j, "max_rss_kb", r.max_rss_kb) ||
      !Read(j, "stderr_tail", r.stderr_tail) || !Read(j, "failure_reason", r.failure_reason)) {
    return Malformed("a result field");
  }
  if (status == "ok") {
    r.status = RunStatus::kOk;
  } else if (status == "timeout") {
    r.status = RunStatus::kTimeout;
  } else if (status == "failed") {
    r.status = RunStatus::kFailed;
  } else {
    return Malformed("status");
  }
  if (auto it = j.find("exit_code"); it != j.end() && it->is_number_integer()) {
    r.exit_code = it->get<int>();
  }
  if (auto it = j.find("signal"); it != j.end() && it->is_number_integer()) {
    r.term_signal = it->get<int>();
  }
  if (auto it = j.find("denied_syscalls"); it != j.end()) {
    if (!it->is_object()) return Malformed("denied_syscalls");
    for (const auto& [name, count] : it->items()) {
      if (!count.is_number_integer()) return Malformed("denied_syscalls count");
      r.denied_syscalls[name] = count.get<std::int64_t>();
    }
  }
  if (auto it = j.find("frames"); it != j.end()) {
    if (!it->is_array()) return Malformed("frames");
    r.frames.assign(it->begin(), it->end());
  }
  return r;
}

json ErrorToJson(const Error& error) {
  const char* kind = "internal";
  switch (error.kind) {
    case ErrorKind::kBadInput:
      kind = "bad_input";
      break;
    case ErrorKind::kNotFound:
      kind = "not_found";
      break;
    case ErrorKind::kUnavailable:
      kind = "unavailable";
      break;
    case ErrorKind::kInternal:
      break;
  }
  return {{"kind", kind}, {"message", error.message}};
}

Result<SandboxResult> AnswerFromJson(const json& j) {
  if (!j.is_object() || !j.contains("ok") || !j["ok"].is_boolean()) {
    return Internal("pocsift-sandbox answered without an \"ok\" field");
  }
  if (j["ok"].get<bool>()) {
    if (!j.contains("result")) return Internal("pocsift-sandbox answered ok without a result");
    return ResultFromJson(j["result"]);
  }
  const json& e = j.contains("error") ? j["error"] : json::object();
  std::string kind, message;
  if (!e.is_object() || !Read(e, "kind", kind) || !Read(e, "message", message)) {
    return Internal("pocsift-sandbox answered a malformed error");
  }
  if (kind == "bad_input") return BadInput(message);
  if (kind == "not_found") return NotFound(message);
  if (kind == "unavailable") return Unavailable(message);
  return Internal(message);
}

}  // namespace pocsift::sandbox
