#include "engine/reproduction.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "checks/settings_classes.h"

namespace pocsift {
namespace {

RunVariant Variant(std::string_view name, const nlohmann::ordered_json& settings,
                   std::vector<SettingClass> removed) {
  return {std::string(name), WithoutClasses(settings, removed)};
}

std::set<SettingClass> PresentClasses(const nlohmann::ordered_json& settings) {
  std::set<SettingClass> present;
  for (const auto& [setting_class, names] : ClassifySettings(settings))
    if (setting_class != SettingClass::kOrdinary) present.insert(setting_class);
  return present;
}

const nlohmann::ordered_json& SettingsOf(const Bundle& bundle) {
  static const nlohmann::ordered_json kNone = nlohmann::ordered_json::object();
  return bundle.manifest.app ? bundle.manifest.app->settings : kNone;
}

Status RunPlans(const Bundle& bundle, const std::vector<RunPlan>& plans,
                const ReproductionOptions& options, Reproduction& out) {
  if (plans.empty()) return {};
  auto records = RunMatrix(bundle, plans, options.matrix);
  if (!records) return records.error();
  for (auto& record : records.value()) out.runs.push_back(std::move(record));
  return {};
}

bool Fired(const Bundle& bundle, const RunRecord& run) {
  if (run.status != "ok") return false;
  const auto hits = ObserveRun(bundle, run);
  return std::any_of(hits.begin(), hits.end(), IsReproduction);
}

std::vector<RunPlan> RepeatPlans(const Bundle& bundle, const Reproduction& done,
                                 const ReproductionOptions& options) {
  std::map<std::pair<std::string, std::string>, int> attempts;
  std::map<std::pair<std::string, std::string>, const RunRecord*> fired;
  for (const auto& run : done.runs) {
    ++attempts[{run.runtime_id, run.variant}];
    if (Fired(bundle, run)) fired.emplace(std::pair{run.runtime_id, run.variant}, &run);
  }
  std::vector<RunPlan> plans;
  for (const auto& [key, run] : fired) {
    if (key.second == kSweepVariant) continue;
    const Runtime* runtime = nullptr;
    for (const auto& r : options.runtimes) runtime = r.id == key.first ? &r : runtime;
    const auto variants = PlanVariants(bundle);
    for (const auto& variant : variants) {
      if (variant.name != key.second) continue;
      for (int a = attempts[key] + 1; a <= options.repeats; ++a)
        plans.push_back({runtime, variant, a, options.size_cap});
    }
  }
  return plans;
}

std::vector<RunPlan> OneClassRemovedPlans(const Bundle& bundle, const Reproduction& done,
                                          const ReproductionOptions& options) {
  const auto present = PresentClasses(SettingsOf(bundle));
  if (!present.contains(SettingClass::kLimits) || !present.contains(SettingClass::kDebug)) return {};
  std::vector<RunPlan> plans;
  std::set<std::string> planned;
  for (const auto& run : done.runs) {
    if (run.variant != kReporterVariant || !Fired(bundle, run) || !planned.insert(run.runtime_id).second)
      continue;
    for (const auto& r : options.runtimes) {
      if (r.id != run.runtime_id) continue;
      plans.push_back({&r, Variant(kNoLimitsVariant, SettingsOf(bundle), {SettingClass::kLimits}),
                       1, options.size_cap});
      plans.push_back({&r, Variant(kNoDebugVariant, SettingsOf(bundle), {SettingClass::kDebug}),
                       1, options.size_cap});
    }
  }
  return plans;
}

// N/8, N/4 and N/2 under the baseline settings on every runtime; N itself is the baseline run.
std::vector<RunPlan> SweepPlans(const Bundle& bundle, const ReproductionOptions& options) {
  const auto size = options.size_cap ? options.size_cap : SweepSize(bundle);
  if (!size || *size < 8) return {};
  RunVariant sweep = PlanVariants(bundle).front();
  sweep.name = std::string(kSweepVariant);
  std::vector<RunPlan> plans;
  for (const auto& runtime : options.runtimes)
    for (const std::uint64_t divisor : {8, 4, 2})
      plans.push_back({&runtime, sweep, 1, *size / divisor});
  return plans;
}

}  // namespace

std::vector<RunVariant> PlanVariants(const Bundle& bundle) {
  const auto& settings = SettingsOf(bundle);
  const auto present = PresentClasses(settings);
  std::vector<RunVariant> variants = {Variant(
      kBaselineVariant, settings, {SettingClass::kLimits, SettingClass::kDebug, SettingClass::kUncommon})};
  if (present.empty()) return variants;
  variants.push_back({std::string(kReporterVariant), settings});
  const bool limits_or_debug =
      present.contains(SettingClass::kLimits) || present.contains(SettingClass::kDebug);
  if (present.contains(SettingClass::kUncommon) && limits_or_debug)
    variants.push_back(Variant(kNoLimitsDebugVariant, settings,
                               {SettingClass::kLimits, SettingClass::kDebug}));
  return variants;
}

Status Reproduce(const Bundle& bundle, const ReproductionOptions& options, Reproduction& out) {
  std::vector<RunPlan> first;
  const auto variants = PlanVariants(bundle);
  for (const auto& runtime : options.runtimes)
    for (const auto& variant : variants) first.push_back({&runtime, variant, 1, options.size_cap});
  for (auto& plan : SweepPlans(bundle, options)) first.push_back(std::move(plan));
  if (auto status = RunPlans(bundle, first, options, out); !status) return status;
  if (auto status = RunPlans(bundle, RepeatPlans(bundle, out, options), options, out); !status)
    return status;
  if (auto status = RunPlans(bundle, OneClassRemovedPlans(bundle, out, options), options, out);
      !status)
    return status;
  for (const auto& run : out.runs) out.observed.push_back({&run, ObserveRun(bundle, run)});
  return {};
}

}  // namespace pocsift
