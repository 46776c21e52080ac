#include "checks/oracles/denial_of_service_oracle.h"

#include "checks/oracles/oracle_settings.h"

namespace pocsift {
namespace {

// The origin whose frames were innermost in the most samples; ties and empty profiles give
// "unknown". Only the words the harness uses for code count (a forged split's other keys,
// and pocsift's own time, are ignored).
std::string BusiestOrigin(const Frame& counts) {
  std::string busiest = "unknown";
  double most = 0;
  for (const auto& [origin, count] : counts.items()) {
    const bool code = IsHarnessOrigin(origin) && origin != "pocsift";
    if (code && count.is_number() && count.get<double>() > most) {
      most = count.get<double>();
      busiest = origin;
    }
  }
  return busiest;
}

}  // namespace

double ScaledCpuThresholdMs(double calibration_ms) {
  const OracleSettings& settings = DefaultOracleSettings();
  if (calibration_ms <= 0) return settings.dos_cpu_threshold_ms;
  return settings.dos_cpu_threshold_ms * calibration_ms / settings.dos_reference_calibration_ms;
}

std::vector<OracleHit> DenialOfServiceOracle::Observe(const OracleContext& context, std::size_t,
                                                      const Frame& step) const {
  const double cpu_ms = NumberField(step, "cpu_ms");
  const double threshold = ScaledCpuThresholdMs(NumberField(context.run.ready, "calibration_ms"));
  if (cpu_ms < threshold) return {};
  const Frame& split = ObjectField(step, "time_split");
  OracleHit hit{std::string(name()), StringField(step, "name"),
                BusiestOrigin(ObjectField(split, "innermost"))};
  hit.evidence = {{"cpu_ms", cpu_ms},
                  {"threshold_ms", threshold},
                  {"time_split", nlohmann::ordered_json::parse(split.dump())}};
  return {hit};
}

}  // namespace pocsift
