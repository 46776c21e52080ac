#include "checks/code/unsanitized_input_rule.h"

#include "checks/code/taint_analysis.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

std::string At(const Location& at) { return at.file + ":" + std::to_string(at.line); }

Json FlowJson(const TaintFlow& flow) {
  return {{"sink", flow.sink},     {"call", flow.call},         {"argument", flow.argument},
          {"source", flow.source}, {"file", flow.at.file},      {"line", flow.at.line},
          {"source_file", flow.source_at.file}, {"source_line", flow.source_at.line},
          {"documentation", flow.docs}, {"doc_url", flow.doc}, {"safe_way", flow.safe_way}};
}

}  // namespace

std::vector<Finding> UnsanitizedInputRule::Check(const CheckContext& context) const {
  Finding finding = Passed(id());
  const CodeAnalysis* code = context.code;
  if (code == nullptr || !code->ran) {
    finding.outcome = Outcome::kSkip;
    const std::string reason = code == nullptr ? "the code was not analysed" : code->not_run_reason;
    finding.evidence = {{"reason", reason}};
    finding.message = "not decided statically: " + reason;
    return {finding};
  }
  const TaintReport report = AnalyzeTaint(*code, DefaultTaintCatalogue());
  Json safe = Json::array();
  for (const auto& s : report.safe)
    safe.push_back({{"call", s.call}, {"source", s.source}, {"file", s.at.file}, {"line", s.at.line},
                    {"why_safe", s.note}});
  Json flows = Json::array();
  for (const auto& flow : report.unsafe) {
    flows.push_back(FlowJson(flow));
    finding.locations.push_back(flow.at);
  }
  if (context.bundle.manifest.claim.category == "csrf") {
    for (const auto& at : report.csrf_exempt) {
      flows.push_back({{"sink", "csrf-exempt"}, {"call", "django.views.decorators.csrf.csrf_exempt"},
                       {"file", at.file}, {"line", at.line},
                       {"documentation", "ref/csrf (csrf_exempt: the view opts out of CSRF protection)"},
                       {"doc_url", "https://docs.djangoproject.com/en/stable/ref/csrf/#django.views.decorators.csrf.csrf_exempt"},
                       {"safe_way", "keep CsrfViewMiddleware's protection on the view"}});
      finding.locations.push_back(at);
    }
  }
  finding.evidence = {{"analysis", "static"}, {"entry_points", report.entry_points},
                      {"documented_safe_flows", safe}};
  if (flows.empty()) return {finding};
  finding.outcome = Outcome::kFail;
  finding.evidence["flows"] = flows;
  const Json& first = flows.front();
  if (first["sink"] == "csrf-exempt") {
    finding.message = "the CSRF claim rests on a view that switches CSRF protection off itself (@csrf_exempt at " +
                      first["file"].get<std::string>() + ":" + std::to_string(first["line"].get<int>()) + ")";
  } else {
    const TaintFlow& f = report.unsafe.front();
    const std::string argument = f.argument.starts_with("#") ? "positional argument " + f.argument.substr(1)
                                 : f.argument == "*" || f.argument == "**" ? f.argument + "unpacked arguments"
                                                                            : "argument " + f.argument;
    const std::string call = f.call.starts_with("{{") ? "the template variable " + f.call
                             : f.call.starts_with(".") ? f.call.substr(1) + "() (" + argument + ")"
                                                       : f.call + "() (" + argument + ")";
    finding.message = "request data (" + f.source + ", " + At(f.source_at) + ") reaches " + call + " at " + At(f.at) +
                      " with no sanitizer; " + f.docs + " makes that the developer's responsibility";
  }
  if (flows.size() > 1) finding.message += " (" + std::to_string(flows.size()) + " flows in all)";
  return {finding};
}

}  // namespace pocsift
