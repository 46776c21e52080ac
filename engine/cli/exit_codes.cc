#include "engine/cli/exit_codes.h"

namespace pocsift {
namespace {

int Seriousness(ExitCode code) {
  switch (code) {
    case kExitEligible:
      return 0;
    case kExitNotEligible:
      return 1;
    case kExitNeedsReview:
      return 2;
    case kExitBadInput:
      return 3;
    case kExitEngineFailed:
      return 4;
  }
  return 4;
}

}  // namespace

ExitCode ExitCodeForDecision(std::string_view decision) {
  if (decision == "eligible") return kExitEligible;
  if (decision == "ineligible" || decision == "redirect") return kExitNotEligible;
  return kExitNeedsReview;
}

ExitCode MoreSerious(ExitCode a, ExitCode b) { return Seriousness(a) >= Seriousness(b) ? a : b; }

}  // namespace pocsift
