#include "engine/reproduction.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "checks/limits/body_size_rule.h"
#include "checks/limits/header_size_rule.h"
#include "checks/limits/url_size_rule.h"
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

// The largest {{size:N}} of any request step, if the bundle has one.
std::optional<std::uint64_t> SweepSize(const Bundle& bundle) {
  std::optional<std::uint64_t> largest;
  for (const auto& step : bundle.manifest.steps) {
    if (!step.request) continue;
    const auto wire = BuildWireRequest(*step.request, bundle.files, MeasurementPlaceholders());
    if (wire.swept_size && (!largest || *wire.swept_size > *largest)) largest = wire.swept_size;
  }
  return largest;
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

// --- scaling down ----------------------------------------------------------------------------

using Json = nlohmann::ordered_json;

// The size rules' fail findings for `bundle` with every {{size:N}} at `size` (the largest
// written when nullopt), measured with the measurement placeholders as the rules measure.
std::vector<Finding> SizeFailures(const Bundle& bundle, const PolicyLimits& limits,
                                  std::optional<std::uint64_t> size) {
  CheckContext context{bundle, limits,
                       BuildWireSteps(bundle.manifest.steps, bundle.files,
                                      MeasurementPlaceholders(), size)};
  static const UrlSizeRule kUrl;
  static const HeaderSizeRule kHeader;
  static const BodySizeRule kBody;
  std::vector<Finding> failures;
  for (const Rule* rule : std::initializer_list<const Rule*>{&kUrl, &kHeader, &kBody})
    for (auto& finding : rule->Check(context))
      if (finding.outcome == Outcome::kFail) failures.push_back(std::move(finding));
  return failures;
}

std::string FailedStep(const Finding& finding) {
  return finding.evidence.value("step", std::string());
}

// The largest v in [0, high] with fits(v), given fits(0) and that fits is monotone.
std::uint64_t LargestFitting(std::uint64_t high, const std::function<bool(std::uint64_t)>& fits) {
  std::uint64_t low = 0;
  while (low < high) {
    const std::uint64_t mid = low + (high - low + 1) / 2;
    if (fits(mid)) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return low;
}

std::string Describe(const std::vector<Finding>& failures) {
  std::string text;
  for (const auto& finding : failures)
    text += (text.empty() ? "" : "; ") + finding.rule + ": " + finding.message;
  return text;
}

// The measurement of `field` (as a size rule names it) in a step's wire form.
std::uint64_t MeasureField(const WireRequest& wire, const std::string& field) {
  if (field == "request target") return wire.target.size();
  if (field.starts_with("header ")) {
    const std::string name = field.substr(7) + ":";
    for (const auto& line : wire.header_lines)
      if (line.starts_with(name)) return line.size();
    return 0;
  }
  return wire.body_bytes;
}

std::optional<std::size_t> StepIndex(const Bundle& bundle, const std::string& name) {
  for (std::size_t i = 0; i < bundle.manifest.steps.size(); ++i)
    if (bundle.manifest.steps[i].name == name) return i;
  return std::nullopt;
}

// Literal body_repeat counts of the steps that fail: set to zero in `work`, listed in `out`.
void ZeroFailingCounts(const std::vector<Finding>& failures, Bundle& work, ScaleDown& out) {
  for (const auto& finding : failures) {
    const auto index = StepIndex(work, FailedStep(finding));
    if (!index) continue;
    auto& request = work.manifest.steps[*index].request;
    if (!request || !request->body_repeat || request->body_repeat->count_is_sweep) continue;
    if (std::any_of(out.counts.begin(), out.counts.end(),
                    [&](const ScaledCount& c) { return c.step_index == *index; }))
      continue;
    out.counts.push_back({*index, FailedStep(finding), request->body_repeat->count, 0});
    request->body_repeat->count = 0;
  }
}

void RecordFields(const Bundle& bundle, const Bundle& scaled, const std::vector<Finding>& failures,
                  std::optional<std::uint64_t> size, ScaleDown& out) {
  const auto wire = BuildWireSteps(scaled.manifest.steps, scaled.files, MeasurementPlaceholders(), size);
  for (const auto& finding : failures) {
    const auto index = StepIndex(bundle, FailedStep(finding));
    const std::string field = finding.evidence.value("field", std::string());
    out.fields.push_back({finding.rule, FailedStep(finding), field,
                          finding.evidence.value("measured", std::uint64_t{0}),
                          index && wire[*index] ? MeasureField(*wire[*index], field) : 0,
                          finding.evidence.value("limit", std::uint64_t{0})});
  }
}

}  // namespace

Json ScaleDown::ToJson() const {
  Json json = {{"rules", rules}, {"runnable", runnable()}};
  if (!not_scalable.empty()) json["not_scalable"] = not_scalable;
  if (size_from && size_to) json["size_placeholder"] = {{"from", *size_from}, {"to", *size_to}};
  Json scaled_counts = Json::array();
  for (const auto& c : counts)
    scaled_counts.push_back({{"step", c.step}, {"from", c.from}, {"to", c.to}});
  json["body_repeat_counts"] = std::move(scaled_counts);
  Json measured = Json::array();
  for (const auto& f : fields)
    measured.push_back({{"rule", f.rule}, {"step", f.step}, {"field", f.field},
                        {"measured", f.measured}, {"scaled_to", runnable() ? Json(f.scaled_to) : Json(nullptr)},
                        {"limit", f.limit}});
  json["fields"] = std::move(measured);
  return json;
}

ScaleDown PlanScaleDown(const Bundle& bundle, const PolicyLimits& limits) {
  ScaleDown out;
  const auto failures = SizeFailures(bundle, limits, std::nullopt);
  for (const auto& finding : failures)
    if (std::find(out.rules.begin(), out.rules.end(), finding.rule) == out.rules.end())
      out.rules.push_back(finding.rule);
  if (failures.empty()) return out;
  Bundle work = bundle;
  ZeroFailingCounts(failures, work, out);
  const auto fits = [&](std::optional<std::uint64_t> size) {
    return SizeFailures(work, limits, size).empty();
  };
  const auto written = SweepSize(bundle);
  const auto lowest = written ? std::optional<std::uint64_t>(0) : std::nullopt;
  if (!fits(lowest)) {
    out.not_scalable = "data written out in full breaks the limit, not a generated payload (" +
                       Describe(SizeFailures(work, limits, lowest)) + ")";
    RecordFields(bundle, work, failures, lowest, out);
    out.counts.clear();
    return out;
  }
  if (written && !fits(written)) {
    out.size_from = written;
    out.size_to = LargestFitting(*written, [&](std::uint64_t n) { return fits(n); });
  }
  const auto size = out.size_to ? out.size_to : written;
  for (auto& count : out.counts) {
    auto& repeat = *work.manifest.steps[count.step_index].request->body_repeat;
    count.to = LargestFitting(count.from, [&](std::uint64_t n) {
      repeat.count = n;
      const auto failed = SizeFailures(work, limits, size);
      return std::none_of(failed.begin(), failed.end(),
                          [&](const Finding& f) { return FailedStep(f) == count.step; });
    });
    repeat.count = count.to;
  }
  RecordFields(bundle, work, failures, size, out);
  return out;
}

Bundle ScaledBundle(const Bundle& bundle, const ScaleDown& scale) {
  Bundle scaled = bundle;
  for (const auto& count : scale.counts)
    scaled.manifest.steps[count.step_index].request->body_repeat->count = count.to;
  return scaled;
}

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
