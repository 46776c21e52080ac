// The static analysis's answer as the engine reads it, then every static rule over it: the
// syntax trees, template tokens and resolved names come out of the sandbox, and their shapes
// follow the PoC's source (engine/code_analysis.cc ReadAnalysisFrames, checks/registry.cc
// RunStaticRules; checks/code/ walks the trees). Input: one frame's JSON per line; each line
// is framed and decoded by FrameDecoder under the analysis run's caps, as the launcher does.
// Properties: nothing throws; every finding names a registered rule, and one that is not a
// pass says what it found; the evidence dumps as JSON.
#include <cstdlib>
#include <set>
#include <string>

#include "checks/code/code_analysis.h"
#include "checks/policy_catalogue.h"
#include "checks/registry.h"
#include "engine/code_analysis.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using namespace pocsift;

// A documentation inventory that knows a little: enough for private-api to judge names both
// ways.
ApiInventory SmallInventory() {
  ApiInventory inventory;
  inventory.runtime_id = inventory.version = "5.2";
  for (const char* name : {"django.db.models.Q", "django.db.models.Model", "django.http.HttpResponse",
                           "django.utils.html.escape", "django.utils.safestring.mark_safe",
                           "django.db.models.query.QuerySet.extra", "django.shortcuts.render"})
    inventory.AddPython(name, "class");
  inventory.template_filters = {"safe", "escape", "upper"};
  inventory.template_tags = {"autoescape", "if", "for"};
  return inventory;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::set<std::string> kRuleIds = [] {
    std::set<std::string> ids;
    for (const auto& rule : StaticRules()) ids.emplace(rule->id());
    return ids;
  }();
  CodeAnalysis code;
  code.runtime_id = "5.2";
  // The analysis run's caps (engine/code_analysis.cc AnalysisLimits).
  ReadAnalysisFrames(fuzz::DecodeFrameLines(fuzz::AsText(data, size),
                                            {.max_frame_bytes = 4ull << 20,
                                             .max_total_bytes = 64ull << 20, .max_frames = 2048}),
                     code);
  code.inventories = {SmallInventory()};
  static const Bundle kBundle;
  CheckContext context = MakeCheckContext(kBundle, Policy().limits);
  context.code = &code;
  for (const Finding& finding : RunStaticRules(context)) {
    if (!kRuleIds.contains(finding.rule)) std::abort();
    if (finding.outcome != Outcome::kPass && finding.message.empty()) std::abort();
    (void)finding.evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  }
  return 0;
}
