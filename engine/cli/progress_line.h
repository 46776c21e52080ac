// The progress of a check on stderr, one report per sandboxed run (CheckOptions::progress).
//
// On a terminal it is one line rewritten in place ("\r" + erase) and cleared by Finish(), so
// the summary that follows starts on a clean screen. Anywhere else (a pipe, a CI log) each
// run is one plain line that stays, because a log cannot rewrite a line.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

#include "engine/cli/terminal.h"
#include "engine/run_record.h"

namespace pocsift {

class ProgressLine {
 public:
  // `live`: rewrite one line (a terminal); otherwise print plain lines.
  ProgressLine(std::FILE* stream, bool live, Painter painter)
      : stream_(stream), live_(live), painter_(painter) {}
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { Finish(); }

  // Names the bundle whose runs follow (several bundles in one call).
  void StartBundle(const std::string& bundle);
  // One finished run; `done` of `total` runs of the current bundle.
  void OnRun(const RunRecord& run, std::size_t done, std::size_t total);
  // Clears a live line. Idempotent.
  void Finish();

 private:
  std::FILE* stream_;
  bool live_;
  Painter painter_;
  std::string bundle_;
  bool line_open_ = false;
};

}  // namespace pocsift
