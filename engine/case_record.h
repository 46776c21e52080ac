// The case record, format "pocsift-case/1": the contract pipelines read (docs/case-record.md,
// docs/case-record.schema.json). Field names are fixed; fields may be added, never renamed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks/finding.h"
#include "checks/policy_catalogue.h"
#include "engine/affected_versions.h"
#include "engine/bundle.h"
#include "engine/dates.h"
#include "engine/verdict.h"

namespace pocsift {

inline constexpr std::string_view kCaseFormat = "pocsift-case/1";
inline constexpr std::string_view kEngineVersion = "0.1.0";

struct CaseRecordInputs {
  const Bundle& bundle;
  Instant received;
  std::string received_source;  // option | manifest | clock
  const std::vector<Finding>& findings;
  const Verdict& verdict;
  const std::vector<AffectedRow>& affected;
  const PolicyCatalogue& policy;
  nlohmann::ordered_json oracles = nlohmann::ordered_json::array();
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
};

// Acknowledgement is due 3 working days after the received date, resolution 90 days after.
Date AckDue(Instant received);
Date ResolutionDue(Instant received);

nlohmann::ordered_json BuildCaseRecord(const CaseRecordInputs& inputs);

}  // namespace pocsift
