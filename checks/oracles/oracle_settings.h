// Oracle data (checks/data/oracles.json): the severity of each oracle under the chosen scale
// (the seed policy's, or Django's later one with denial of service at Low), which oracles are
// informational, and the denial-of-service thresholds.
#pragma once

#include <map>
#include <set>
#include <string>

namespace pocsift {

struct OracleSettings {
  std::map<std::string, std::string> severity;  // oracle -> high | moderate | low
  std::set<std::string> informational;
  double dos_cpu_threshold_ms = 1000;
  double dos_reference_calibration_ms = 15;
  double dos_growth_exponent = 1.8;
};

// The embedded settings with the scale named in the file.
const OracleSettings& DefaultOracleSettings();

}  // namespace pocsift
