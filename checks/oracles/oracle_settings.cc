#include "checks/oracles/oracle_settings.h"

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/embedded_data.h"

namespace pocsift {

const OracleSettings& DefaultOracleSettings() {
  static const OracleSettings kSettings = [] {
    try {
      const auto doc = nlohmann::json::parse(EmbeddedFile("checks/data/oracles.json").value());
      OracleSettings settings;
      const std::string scale = doc.at("severity_scale").get<std::string>();
      settings.severity = doc.at("severity_scales").at(scale).get<std::map<std::string, std::string>>();
      settings.informational = doc.at("informational").get<std::set<std::string>>();
      const auto& dos = doc.at("denial_of_service");
      settings.dos_cpu_threshold_ms = dos.at("cpu_threshold_ms").get<double>();
      settings.dos_reference_calibration_ms = dos.at("reference_calibration_ms").get<double>();
      settings.dos_growth_exponent = dos.at("growth_exponent").get<double>();
      return settings;
    } catch (const std::exception& e) {
      std::cerr << "pocsift: the embedded oracle settings are malformed: " << e.what() << "\n";
      std::abort();
    }
  }();
  return kSettings;
}

}  // namespace pocsift
