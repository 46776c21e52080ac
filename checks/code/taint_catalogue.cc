#include "checks/code/taint_catalogue.h"

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/embedded_data.h"

namespace pocsift {
namespace {

using Json = nlohmann::json;

std::set<std::string> Strings(const Json& list) {
  std::set<std::string> out;
  for (const auto& item : list) out.insert(item.get<std::string>());
  return out;
}

CallPattern Pattern(const Json& entry) {
  CallPattern pattern{{entry.at("call").get<std::string>()}};
  for (const char* key : {"also", "also_calls"})
    if (entry.contains(key))
      for (const auto& name : entry.at(key)) pattern.names.push_back(name.get<std::string>());
  return pattern;
}

}  // namespace

bool CallPattern::Matches(std::string_view qualified, std::string_view method) const {
  for (const auto& name : names) {
    if (name.starts_with('.')) {
      if (!method.empty() && method == std::string_view(name).substr(1)) return true;
    } else if (!qualified.empty() && qualified == name) {
      return true;
    }
  }
  return false;
}

TaintCatalogue ParseTaintCatalogue(std::string_view text) {
  const Json doc = Json::parse(text);
  TaintCatalogue c;
  const Json& sources = doc.at("sources");
  c.request_attributes = Strings(sources.at("request_attributes"));
  c.request_methods = Strings(sources.at("request_methods"));
  c.request_names = Strings(sources.at("request_names"));
  c.view_tainted_self_attributes = Strings(sources.at("view_tainted_self_attributes"));
  const Json& sanitizers = doc.at("sanitizers");
  c.conversions = Strings(sanitizers.at("conversions"));
  c.escapers = Strings(sanitizers.at("escapers"));
  c.validators = Strings(sanitizers.at("validators"));
  c.validator_classes = Strings(sanitizers.at("validator_classes"));
  c.form_bases = Strings(sanitizers.at("form_bases"));
  for (const auto& entry : doc.at("unsafe_sinks")) {
    UnsafeSink sink;
    sink.id = entry.at("id").get<std::string>();
    sink.call = Pattern(entry);
    for (const auto& k : entry.at("keywords")) sink.keywords.push_back(k.get<std::string>());
    for (const auto& p : entry.at("positions")) sink.positions.push_back(p.get<int>());
    if (entry.contains("dict_values_only")) sink.dict_values_only = Strings(entry.at("dict_values_only"));
    if (entry.contains("dict_values_only_positions"))
      for (const auto& p : entry.at("dict_values_only_positions"))
        sink.dict_values_only_positions.insert(p.get<int>());
    if (entry.contains("unless_content_type"))
      for (const auto& t : entry.at("unless_content_type"))
        sink.unless_content_type.push_back(t.get<std::string>());
    sink.doc = entry.at("doc").get<std::string>();
    sink.docs = entry.at("docs").get<std::string>();
    sink.safe_way = entry.at("safe_way").get<std::string>();
    c.unsafe_sinks.push_back(std::move(sink));
  }
  const Json& templates = doc.at("template_unsafe");
  for (const auto& f : templates.at("filters")) c.unsafe_template_filters.push_back(f.get<std::string>());
  c.template_doc = templates.at("doc").get<std::string>();
  c.template_docs = templates.at("docs").get<std::string>();
  for (const auto& r : templates.at("render_calls")) c.render_calls.names.push_back(r.get<std::string>());
  for (const auto& entry : doc.at("safe_apis"))
    c.safe_apis.push_back({Pattern(entry), entry.at("note").get<std::string>()});
  const Json& api = doc.at("api");
  for (const auto& entry : api.at("allowed_names")) c.allowed_names.insert(entry.at("name").get<std::string>());
  for (const auto& entry : api.at("allowed_attributes"))
    c.allowed_attributes.insert(entry.at("name").get<std::string>());
  const Json& typed = api.at("typed_objects");
  c.request_class = typed.at("request").get<std::string>();
  c.queryset_class = typed.at("queryset").get<std::string>();
  c.model_class = typed.at("model_class").get<std::string>();
  c.form_class = typed.at("form").get<std::string>();
  c.harness_modules = Strings(api.at("harness_modules"));
  return c;
}

const TaintCatalogue& DefaultTaintCatalogue() {
  static const TaintCatalogue* const kCatalogue = [] {
    const auto text = EmbeddedFile("checks/data/taint_catalogue.json");
    try {
      if (!text) throw std::runtime_error("not embedded");
      return new TaintCatalogue(ParseTaintCatalogue(*text));
    } catch (const std::exception& e) {
      std::cerr << "pocsift: checks/data/taint_catalogue.json is malformed: " << e.what() << "\n";
      std::abort();
    }
  }();
  return *kCatalogue;
}

}  // namespace pocsift
