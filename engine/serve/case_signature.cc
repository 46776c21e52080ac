#include "engine/serve/case_signature.h"

#include <map>
#include <set>
#include <vector>

namespace pocsift {
namespace {

constexpr std::size_t kMaxFrames = 3;

std::vector<std::string> Where(const nlohmann::ordered_json& evidence) {
  std::vector<std::string> where;
  if (!evidence.is_object()) return where;
  const auto frames = evidence.find("frames");
  if (frames != evidence.end() && frames->is_array()) {
    for (const auto& frame : *frames) {
      if (!frame.is_object() || frame.value("origin", "") != "django") continue;
      where.push_back(frame.value("file", "") + ":" + frame.value("function", ""));
      if (where.size() == kMaxFrames) break;
    }
  }
  if (where.empty()) {
    for (const char* key : {"sink", "placement"}) {
      const auto sink = evidence.find(key);
      if (sink != evidence.end() && sink->is_string()) {
        where.push_back(std::string(key) + ":" + sink->get<std::string>());
        break;
      }
    }
  }
  return where;
}

}  // namespace

std::optional<std::string> CaseSignature(const nlohmann::ordered_json& record) {
  // oracle -> the first non-empty `where` seen for it (rows are in runtime order).
  std::map<std::string, std::vector<std::string>> oracles;
  const auto rows = record.find("oracles");
  if (rows != record.end() && rows->is_array()) {
    for (const auto& row : *rows) {
      if (!row.is_object() || !row.value("fired", false)) continue;
      const std::string name = row.value("oracle", "");
      if (name.empty() || name == "exception") continue;
      auto& where = oracles[name];
      if (where.empty()) where = Where(row.value("evidence", nlohmann::ordered_json::object()));
    }
  }
  if (oracles.empty()) return std::nullopt;
  std::set<std::string> series;
  const auto affected = record.find("affected");
  if (affected != record.end() && affected->is_array()) {
    for (const auto& row : *affected) {
      const auto reproduced = row.find("reproduced");
      if (reproduced != row.end() && reproduced->is_boolean() && reproduced->get<bool>())
        series.insert(row.value("series", ""));
    }
  }
  nlohmann::ordered_json signature = {{"oracles", nlohmann::ordered_json::array()},
                                      {"series", series}};
  for (const auto& [name, where] : oracles)
    signature["oracles"].push_back({{"oracle", name}, {"where", where}});
  return signature.dump();
}

}  // namespace pocsift
