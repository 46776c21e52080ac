#include "engine/dynamic_assessment.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "checks/oracles/oracle_settings.h"
#include "checks/settings_classes.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

enum class Seen { kNotRun, kNo, kFlaky, kYes };

struct Tally {
  int ok_runs = 0;
  int fired_runs = 0;
  Seen seen() const {
    if (ok_runs == 0) return Seen::kNotRun;
    if (fired_runs == 0) return Seen::kNo;
    return fired_runs == ok_runs ? Seen::kYes : Seen::kFlaky;
  }
};

bool Fired(const ObservedRun& run) {
  return std::any_of(run.hits.begin(), run.hits.end(), IsReproduction);
}

// (runtime id, variant) -> how many ok runs, how many reproduced.
std::map<std::pair<std::string, std::string>, Tally> TallyRuns(const std::vector<ObservedRun>& runs) {
  std::map<std::pair<std::string, std::string>, Tally> tallies;
  for (const auto& r : runs) {
    if (r.run->variant == kSweepVariant) continue;  // measurement points, not reproductions
    Tally& t = tallies[{r.run->runtime_id, r.run->variant}];
    if (r.run->status != "ok") continue;
    ++t.ok_runs;
    if (Fired(r)) ++t.fired_runs;
  }
  return tallies;
}

int SeverityRank(const std::string& severity) {
  return severity == "high" ? 3 : severity == "moderate" ? 2 : severity == "low" ? 1 : 0;
}

Finding MakeFinding(std::string rule, Outcome outcome, Json evidence, std::string message) {
  Finding finding;
  finding.rule = std::move(rule);
  finding.outcome = outcome;
  finding.evidence = std::move(evidence);
  finding.message = std::move(message);
  return finding;
}

// The state of the whole matrix, for the rules below.
struct Matrix {
  const std::vector<ObservedRun>& runs;
  std::map<std::pair<std::string, std::string>, Tally> tallies;
  std::set<std::string> supported;  // runtime ids whose series is supported on `received`

  Seen Of(const std::string& runtime, std::string_view variant) const {
    const auto found = tallies.find({runtime, std::string(variant)});
    return found == tallies.end() ? Seen::kNotRun : found->second.seen();
  }
  bool AnySupported(std::string_view variant, Seen wanted) const {
    return std::any_of(supported.begin(), supported.end(),
                       [&](const std::string& id) { return Of(id, variant) == wanted; });
  }
};

// unsanitized-input from a hit the PoC's own frames performed; when the oracle names the frame
// (performed_by: xss, open-redirect), the finding points at it.
Finding PocPerformedFinding(const OracleHit& hit) {
  Json evidence = {{"oracle", hit.oracle}, {"step", hit.step}, {"observed", hit.evidence}};
  std::vector<Location> locations;
  std::string where;
  const auto performed = hit.evidence.find("performed_by");
  if (performed != hit.evidence.end() && performed->is_object()) {
    evidence["performed_by"] = *performed;
    const std::string file = performed->value("file", "");
    const int line = performed->value("line", 0);
    if (!file.empty() && performed->value("origin", "") == "poc") {  // a path in the bundle
      locations.push_back({file, line});
      where = " at " + file + (line > 0 ? ":" + std::to_string(line) : "");
    }
  }
  if (const auto via = hit.evidence.find("via"); via != hit.evidence.end() && via->is_string())
    where += " (" + via->get<std::string>() + ")";
  Finding finding = MakeFinding("unsanitized-input", Outcome::kFail, std::move(evidence),
                                "the PoC's own code performed the " + hit.oracle +
                                    " effect with request data" + where +
                                    "; Django's code did not (confirmed at run time)");
  finding.locations = std::move(locations);
  return finding;
}

void AttributionFindings(const Matrix& m, DynamicAssessment& out) {
  std::map<std::string, const OracleHit*> first_by_origin;
  for (const auto& r : m.runs) {
    for (const auto& hit : r.hits) {
      if (DefaultOracleSettings().informational.contains(hit.oracle)) continue;
      first_by_origin.emplace(hit.attributed_to, &hit);
    }
  }
  if (const auto poc = first_by_origin.find("poc"); poc != first_by_origin.end()) {
    out.findings.push_back(PocPerformedFinding(*poc->second));
  }
  if (first_by_origin.contains("django")) return;
  for (const auto& [origin, rule] : {std::pair{"stdlib", "python-stdlib"},
                                     std::pair{"third-party", "third-party"}}) {
    const auto found = first_by_origin.find(origin);
    if (found == first_by_origin.end()) continue;
    out.findings.push_back(MakeFinding(rule, Outcome::kFail,
                                       {{"oracle", found->second->oracle},
                                        {"step", found->second->step},
                                        {"attributed_to", origin}},
                                       "the effect comes from " + std::string(origin) +
                                           " code, not from Django's"));
    return;
  }
}

// Which settings class a reproduction depends on, from the variants that ran (see
// PlanVariants): the differential of design.md, "Settings overrides are classified".
// Sets `uncommon_variant` to the variant whose reproduction counts, capped at Low, when the
// reproduction needs an uncommon option.
void SettingsFindings(const Matrix& m, const std::set<SettingClass>& present,
                      DynamicAssessment& out, std::string_view& uncommon_variant) {
  if (m.AnySupported(kBaselineVariant, Seen::kYes)) return;
  const bool limits = present.contains(SettingClass::kLimits);
  const bool debug = present.contains(SettingClass::kDebug);
  const std::string_view without_limits_debug =
      limits || debug ? kNoLimitsDebugVariant : kReporterVariant;
  if (present.contains(SettingClass::kUncommon) &&
      m.AnySupported(without_limits_debug, Seen::kYes)) {
    uncommon_variant = without_limits_debug;
    out.findings.push_back(MakeFinding(
        "uncommon-config", Outcome::kFail, {{"reproduces_with", without_limits_debug}},
        "it reproduces only with an uncommon or insecure setting of the reporter's"));
    return;
  }
  if (!m.AnySupported(kReporterVariant, Seen::kYes)) return;
  // With both classes present, the one-class-removed variants tell which is needed.
  const bool needs_limits = limits && (!debug || !m.AnySupported(kNoLimitsVariant, Seen::kYes));
  const bool needs_debug = debug && (!limits || !m.AnySupported(kNoDebugVariant, Seen::kYes));
  if (needs_limits)
    out.findings.push_back(MakeFinding("hardening", Outcome::kFail, {{"depends_on", "limits"}},
                                       "it reproduces only with upload limits raised"));
  if (needs_debug)
    out.findings.push_back(MakeFinding("debug-only", Outcome::kFail, {{"depends_on", "DEBUG"}},
                                       "it reproduces only with DEBUG = True"));
}

void VersionFindings(const Matrix& m, DynamicAssessment& out) {
  bool any_yes = false, supported_yes = false, all_supported_tested = true;
  for (const auto& [key, tally] : m.tallies) {
    const bool yes = tally.seen() == Seen::kYes;
    any_yes = any_yes || yes;
    if (m.supported.contains(key.first)) supported_yes = supported_yes || yes;
  }
  for (const auto& id : m.supported)
    all_supported_tested = all_supported_tested && m.Of(id, kBaselineVariant) != Seen::kNotRun;
  const bool any_ok = std::any_of(m.tallies.begin(), m.tallies.end(),
                                  [](const auto& t) { return t.second.ok_runs > 0; });
  if (!any_ok) return;
  const bool flaky = std::any_of(m.tallies.begin(), m.tallies.end(),
                                 [](const auto& t) { return t.second.seen() == Seen::kFlaky; });
  out.findings.push_back(
      any_yes ? MakeFinding("not-reproduced", Outcome::kPass, Json::object(), "")
              : MakeFinding("not-reproduced", Outcome::kFail, {{"flaky", flaky}},
                            flaky ? "an oracle fired in some runs only: not steady"
                                  : "no oracle fired on any runtime"));
  if (any_yes && !supported_yes && all_supported_tested && !m.supported.empty())
    out.findings.push_back(MakeFinding(
        "unsupported-version-only", Outcome::kFail, Json::object(),
        "it reproduces only on Django series that were unsupported when the report arrived"));
}

Json OracleEntries(const Matrix& m) {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, Json> entries;
  for (const auto& r : m.runs) {
    // A sweep point's own hits are measurements (the growth hit lands on the baseline run).
    if (r.run->variant == kSweepVariant) continue;
    for (const auto& hit : r.hits) {
      auto& entry = entries[{hit.oracle, r.run->runtime_id, r.run->variant, hit.step}];
      if (entry.is_null()) {
        const Tally& tally = m.tallies.at({r.run->runtime_id, r.run->variant});
        entry = {{"oracle", hit.oracle},     {"fired", true},
                 {"runtime", r.run->django_version}, {"runtime_id", r.run->runtime_id},
                 {"variant", r.run->variant}, {"step", hit.step},
                 {"runs", tally.ok_runs},     {"fired_runs", 0},
                 {"attributed_to", hit.attributed_to}, {"evidence", hit.evidence}};
      }
      entry["fired_runs"] = entry["fired_runs"].get<int>() + 1;
    }
  }
  Json out = Json::array();
  for (auto& [key, entry] : entries) {
    entry["flaky"] = entry["fired_runs"].get<int>() < entry["runs"].get<int>();
    out.push_back(std::move(entry));
  }
  return out;
}

void UpdateAffected(const Matrix& m, std::vector<AffectedRow>& affected) {
  for (auto& row : affected) {
    if (!row.runtime) continue;
    const Seen base = m.Of(*row.runtime, kBaselineVariant);
    const Seen reporter = m.Of(*row.runtime, kReporterVariant);
    row.tested = base != Seen::kNotRun;
    if (!row.tested) {
      row.note += "; every run failed";
      continue;
    }
    row.reproduced = base == Seen::kYes || base == Seen::kFlaky;
    row.flaky = base == Seen::kFlaky;
    if (!*row.reproduced && (reporter == Seen::kYes || reporter == Seen::kFlaky))
      row.note += "; reproduces only with the reporter's settings";
  }
}

std::optional<std::string> Severity(const Matrix& m, std::string_view uncommon_variant) {
  const bool uncommon_cap = !uncommon_variant.empty();
  int best = 0;
  std::string severity;
  for (const auto& r : m.runs) {
    const bool eligible_variant = r.run->variant == kBaselineVariant ||
                                  (uncommon_cap && r.run->variant == uncommon_variant);
    if (!eligible_variant || !m.supported.contains(r.run->runtime_id)) continue;
    if (m.Of(r.run->runtime_id, r.run->variant) != Seen::kYes) continue;
    for (const auto& hit : r.hits) {
      if (!IsReproduction(hit) || hit.attributed_to != "django") continue;
      const auto found = DefaultOracleSettings().severity.find(hit.oracle);
      if (found == DefaultOracleSettings().severity.end()) continue;
      if (SeverityRank(found->second) > best) best = SeverityRank(found->second), severity = found->second;
    }
  }
  if (best == 0) return std::nullopt;
  return uncommon_cap ? std::string("low") : severity;
}

Json ClaimCheck(const Bundle& bundle, const Matrix& m) {
  std::set<std::string> observed;
  for (const auto& r : m.runs)
    for (const auto& hit : r.hits)
      if (IsReproduction(hit)) observed.insert(hit.oracle);
  const std::string& claimed = bundle.manifest.claim.category;
  return {{"claimed", claimed},
          {"observed", observed},
          {"matches", claimed == "other" || observed.contains(claimed)}};
}

// CPU of step `index` in `run`, or 0.
double StepCpu(const RunRecord& run, std::size_t index) {
  return index < run.steps.size() ? NumberField(run.steps[index], "cpu_ms") : 0;
}

std::string BusiestOrigin(const Frame& step) {
  std::string busiest = "unknown";
  double most = 0;
  for (const auto& [origin, count] : ObjectField(ObjectField(step, "time_split"), "innermost").items()) {
    if (count.is_number() && count.get<double>() > most) most = count.get<double>(), busiest = origin;
  }
  return busiest;
}

// Adds a denial-of-service hit to the first full-size baseline run of every runtime whose CPU
// time grows super-linearly over the sweep (design.md: exponent >= 1.8).
void AddGrowthHits(std::vector<ObservedRun>& runs) {
  constexpr double kNoiseFloorMs = 20;  // below this a fit measures the clock, not the code
  std::map<std::string, ObservedRun*> full_size;
  for (auto& r : runs)
    if (r.run->variant == kBaselineVariant && r.run->status == "ok" && !full_size.contains(r.run->runtime_id))
      full_size[r.run->runtime_id] = &r;
  for (auto& [runtime, top] : full_size) {
    const std::size_t steps = top->run->steps.size();
    for (std::size_t i = 0; i < steps; ++i) {
      std::vector<std::pair<double, double>> points;
      for (const auto& r : runs) {
        if (r.run->runtime_id != runtime || r.run->status != "ok" || r.run->variant != kSweepVariant) continue;
        if (r.run->swept_size) points.emplace_back(static_cast<double>(*r.run->swept_size), StepCpu(*r.run, i));
      }
      if (points.empty() || !top->run->steps[i].is_object()) continue;
      // The sweep's points are N/8, N/4 and N/2 (SweepPlans); the baseline run is N itself.
      double half = 0;
      for (const auto& p : points) half = std::max(half, p.first);
      points.emplace_back(half * 2, StepCpu(*top->run, i));
      const auto exponent = GrowthExponent(points);
      const double limit = DefaultOracleSettings().dos_growth_exponent;
      if (!exponent || *exponent < limit || StepCpu(*top->run, i) < kNoiseFloorMs) continue;
      Json measured = Json::array();
      for (const auto& [size, cpu] : points) measured.push_back({{"size", size}, {"cpu_ms", cpu}});
      top->hits.push_back({"denial-of-service", StringField(top->run->steps[i], "name"),
                           BusiestOrigin(top->run->steps[i]),
                           {{"growth_exponent", *exponent}, {"limit", limit}, {"points", measured}}});
    }
  }
}

}  // namespace

std::optional<double> GrowthExponent(const std::vector<std::pair<double, double>>& size_cpu) {
  std::vector<std::pair<double, double>> logs;
  for (const auto& [size, cpu] : size_cpu)
    if (size > 0 && cpu > 0) logs.emplace_back(std::log(size), std::log(cpu));
  if (logs.size() < 3) return std::nullopt;
  double mx = 0, my = 0;
  for (const auto& [x, y] : logs) mx += x, my += y;
  mx /= static_cast<double>(logs.size()), my /= static_cast<double>(logs.size());
  double sxy = 0, sxx = 0;
  for (const auto& [x, y] : logs) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx);
  if (sxx <= 0) return std::nullopt;
  return sxy / sxx;
}

bool IsReproduction(const OracleHit& hit) {
  return !DefaultOracleSettings().informational.contains(hit.oracle) && hit.attributed_to != "poc";
}

DynamicAssessment AssessRuns(const Bundle& bundle, const std::vector<ObservedRun>& observed,
                             const ReleaseTable& releases, Date received,
                             std::vector<AffectedRow>& affected) {
  std::vector<ObservedRun> runs = observed;
  AddGrowthHits(runs);
  Matrix m{runs, TallyRuns(runs), {}};
  for (const auto& r : runs)
    if (releases.IsSupported(r.run->series, received)) m.supported.insert(r.run->runtime_id);
  DynamicAssessment out;
  for (const auto& r : runs) {
    if (r.run->status == "ok") {
      out.outcome.ran = true;
    } else {
      out.outcome.failed_runs.push_back(r.run->runtime_id + " " + r.run->variant + ": " +
                                        r.run->failure_reason);
    }
  }
  if (!out.outcome.ran) {
    out.outcome.not_run_reason = runs.empty() ? "no run was planned" : "every run failed";
    return out;
  }
  std::string_view uncommon_variant;
  std::set<SettingClass> present;
  if (bundle.manifest.app)
    for (const auto& [setting_class, names] : ClassifySettings(bundle.manifest.app->settings))
      if (setting_class != SettingClass::kOrdinary) present.insert(setting_class);
  AttributionFindings(m, out);
  SettingsFindings(m, present, out, uncommon_variant);
  VersionFindings(m, out);
  out.oracles = OracleEntries(m);
  out.outcome.severity = Severity(m, uncommon_variant);
  out.claim_check = ClaimCheck(bundle, m);
  UpdateAffected(m, affected);
  return out;
}

}  // namespace pocsift
