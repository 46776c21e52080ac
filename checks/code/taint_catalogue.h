// The taint catalogue (checks/data/taint_catalogue.json): request sources, sanitizers,
// documented-unsafe sinks (each with the Django page that makes the input the developer's
// responsibility), documented-safe APIs, and the private-api allow-lists. Changing what counts
// as a sink means editing that file and its tests, not code.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pocsift {

// A callee pattern: a qualified name ("django.core.mail.send_mail", "subprocess.run"), a bare
// name as written when unresolved ("RawSQL"), or ".method" for a method of any receiver.
struct CallPattern {
  std::vector<std::string> names;
  bool Matches(std::string_view qualified, std::string_view method) const;
};

struct UnsafeSink {
  std::string id;
  CallPattern call;
  std::vector<std::string> keywords;   // argument names that are the sink
  std::vector<int> positions;          // 0-based positional arguments that are the sink
  std::set<std::string> dict_values_only;  // keywords where only dict values count, not keys
  std::set<int> dict_values_only_positions;  // the same for positional arguments
  std::vector<std::string> unless_content_type;  // content_type prefixes that make it no sink
  std::string doc;       // the Django (or Python) documentation URL
  std::string docs;      // the page and what it says, for the finding
  std::string safe_way;  // what the developer should do instead
};

struct SafeApi {
  CallPattern call;
  std::string note;  // which past security release had this shape
};

struct TaintCatalogue {
  std::set<std::string> request_attributes;
  std::set<std::string> request_methods;
  std::set<std::string> request_names;
  std::set<std::string> view_tainted_self_attributes;
  std::set<std::string> conversions;
  std::set<std::string> escapers;
  std::set<std::string> validators;
  std::set<std::string> validator_classes;
  std::set<std::string> form_bases;
  std::vector<UnsafeSink> unsafe_sinks;
  std::vector<std::string> unsafe_template_filters;
  std::string template_doc;
  std::string template_docs;
  CallPattern render_calls;
  std::vector<SafeApi> safe_apis;
  // private-api
  std::set<std::string> allowed_names;
  std::set<std::string> allowed_attributes;
  std::string request_class, queryset_class, model_class, form_class;
  std::set<std::string> harness_modules;
};

// The catalogue compiled into the binary; parsed once. Aborts at start-up if the embedded
// file is malformed (a build defect that the tests catch).
const TaintCatalogue& DefaultTaintCatalogue();

// Parses catalogue text; throws nlohmann::json::exception on a malformed document (for tests).
TaintCatalogue ParseTaintCatalogue(std::string_view text);

}  // namespace pocsift
