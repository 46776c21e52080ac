#include "engine/scale_down.h"

#include <algorithm>
#include <functional>

#include "checks/limits/body_size_rule.h"
#include "checks/limits/header_size_rule.h"
#include "checks/limits/url_size_rule.h"

namespace pocsift {
namespace {

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

std::optional<std::uint64_t> SweepSize(const Bundle& bundle) {
  std::optional<std::uint64_t> largest;
  for (const auto& step : bundle.manifest.steps) {
    if (!step.request) continue;
    const auto wire = BuildWireRequest(*step.request, bundle.files, MeasurementPlaceholders());
    if (wire.swept_size && (!largest || *wire.swept_size > *largest)) largest = wire.swept_size;
  }
  return largest;
}

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

}  // namespace pocsift
