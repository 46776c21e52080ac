#include "checks/oracles/observation.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace pocsift {
namespace {

const Frame& Empty(nlohmann::json::value_t type) {
  static const Frame kArray = Frame::array();
  static const Frame kObject = Frame::object();
  return type == nlohmann::json::value_t::array ? kArray : kObject;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string StringField(const Frame& object, std::string_view key) {
  if (!object.is_object()) return "";
  const auto found = object.find(std::string(key));
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

double NumberField(const Frame& object, std::string_view key) {
  if (!object.is_object()) return 0;
  const auto found = object.find(std::string(key));
  return found != object.end() && found->is_number() ? found->get<double>() : 0;
}

int CountField(const Frame& object, std::string_view key) {
  const double value = NumberField(object, key);
  const bool whole_in_range = value >= 0 && value < 2147483648.0 && std::floor(value) == value;
  return whole_in_range ? static_cast<int>(value) : 0;
}

const Frame& ArrayField(const Frame& object, std::string_view key) {
  if (object.is_object()) {
    const auto found = object.find(std::string(key));
    if (found != object.end() && found->is_array()) return *found;
  }
  return Empty(nlohmann::json::value_t::array);
}

const Frame& ObjectField(const Frame& object, std::string_view key) {
  if (object.is_object()) {
    const auto found = object.find(std::string(key));
    if (found != object.end() && found->is_object()) return *found;
  }
  return Empty(nlohmann::json::value_t::object);
}

int ResponseStatus(const Frame& step) { return CountField(step, "status"); }

std::vector<std::string> HeaderValues(const Frame& step, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& header : ArrayField(step, "headers")) {
    if (!header.is_array() || header.size() != 2 || !header[0].is_string() ||
        !header[1].is_string())
      continue;
    if (EqualsIgnoreCase(header[0].get<std::string>(), name))
      values.push_back(header[1].get<std::string>());
  }
  return values;
}

std::string BodyText(const Frame& step) { return StringField(ObjectField(step, "body"), "text"); }

bool IsHarnessOrigin(std::string_view word) {
  return word == "django" || word == "poc" || word == "stdlib" || word == "third-party" ||
         word == "pocsift";
}

std::string OriginOf(const Frame& object) {
  std::string origin = StringField(object, "origin");
  return IsHarnessOrigin(origin) ? origin : "unknown";
}

std::string AttributedOrigin(const Frame& frames, std::string_view skip_prefix) {
  if (!frames.is_array()) return "unknown";
  for (const auto& frame : frames) {
    const std::string origin = OriginOf(frame);
    if (origin == "stdlib" || origin == "pocsift") continue;
    if (!skip_prefix.empty() && StringField(frame, "file").starts_with(skip_prefix)) continue;
    return origin;
  }
  return "unknown";
}

const Frame& ResponseProvenanceOf(const Frame& step) {
  const Frame& own = ObjectField(step, "provenance");
  if (!own.empty()) return own;
  return ObjectField(ObjectField(step, "body"), "provenance");
}

const Frame* PerformingFrame(const Frame& frames,
                             std::span<const std::string_view> pass_through) {
  if (!frames.is_array()) return nullptr;
  for (const auto& frame : frames) {
    const std::string origin = OriginOf(frame);
    if (origin == "stdlib" || origin == "pocsift") continue;
    const std::string file = StringField(frame, "file");
    if (std::any_of(pass_through.begin(), pass_through.end(),
                    [&](std::string_view prefix) { return file.starts_with(prefix); }))
      continue;
    return &frame;
  }
  return nullptr;
}

nlohmann::ordered_json FrameJson(const Frame* frame) {
  if (frame == nullptr) return nullptr;
  return {{"file", StringField(*frame, "file")},
          {"line", CountField(*frame, "line")},
          {"function", StringField(*frame, "function")},
          {"origin", OriginOf(*frame)}};
}

}  // namespace pocsift
