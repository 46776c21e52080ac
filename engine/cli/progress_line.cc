#include "engine/cli/progress_line.h"

#include "engine/one_line.h"

namespace pocsift {

void ProgressLine::StartBundle(const std::string& bundle) { bundle_ = OneLine(bundle); }

void ProgressLine::OnRun(const RunRecord& run, std::size_t done, std::size_t total) {
  const Style status_style = run.status == "ok" ? Style::kGreen : Style::kRed;
  std::string line = "[" + std::to_string(done) + "/" + std::to_string(total) + "] ";
  if (!bundle_.empty()) line += bundle_ + ": ";
  line += "Django " + run.django_version + " (" + run.runtime_id + ") " + run.variant + " #" +
          std::to_string(run.attempt) + ": " + painter_(status_style, run.status) + " in " +
          std::to_string(run.wall_ms) + " ms";
  if (run.path == "warm") line += " (warm)";
  if (!run.cold_reason.empty()) line += " (cold: " + OneLine(run.cold_reason) + ")";
  if (!run.failure_reason.empty()) line += " — " + OneLine(run.failure_reason);
  if (live_) {
    // Carriage return and "erase line" (ECMA-48 EL, CSI K): the line is rewritten in place.
    std::fprintf(stream_, "\r\033[K%s", line.c_str());
    line_open_ = true;
  } else {
    std::fprintf(stream_, "%s\n", line.c_str());
  }
  std::fflush(stream_);
}

void ProgressLine::Finish() {
  if (!line_open_) return;
  std::fputs("\r\033[K", stream_);
  std::fflush(stream_);
  line_open_ = false;
}

}  // namespace pocsift
