// Exit codes of `pocsift check` (docs/cli.md). With several bundles, the most serious wins:
// engine failure, then bad input, then needs review, then not eligible, then eligible.
#pragma once

#include <string_view>

namespace pocsift {

enum ExitCode : int {
  kExitEligible = 0,
  kExitNotEligible = 1,  // ineligible or redirect
  kExitBadInput = 2,     // the bundle or the command line is unreadable or malformed
  kExitNeedsReview = 3,
  kExitEngineFailed = 4,
};

ExitCode ExitCodeForDecision(std::string_view decision);
// The more serious of two exit codes, in the order above.
ExitCode MoreSerious(ExitCode a, ExitCode b);

}  // namespace pocsift
