#include "engine/manifest.h"

#include <algorithm>
#include <set>

#include "engine/bundle_path.h"
#include "engine/dates.h"
#include "engine/one_line.h"
#include "engine/utf8.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

// Thrown inside this file only; ParseManifest() turns it into a BadInput error.
struct ManifestError {
  std::string path;
  std::string problem;
};

[[noreturn]] void Fail(const std::string& path, const std::string& problem) {
  throw ManifestError{path, problem};
}

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string Index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

const char* TypeName(const Json& j) { return j.type_name(); }

const Json& ExpectObject(const Json& j, const std::string& path) {
  if (!j.is_object()) Fail(path, std::string("expected an object, got ") + TypeName(j));
  return j;
}

std::string ExpectString(const Json& j, const std::string& path) {
  if (!j.is_string()) Fail(path, std::string("expected a string, got ") + TypeName(j));
  return j.get<std::string>();
}

void OnlyKeys(const Json& object, const std::string& path,
              std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      Fail(Child(path, key), "unknown field (allowed here: " + [&] {
        std::string list;
        for (const auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
        return list;
      }() + ")");
  }
}

std::optional<std::string> OptionalString(const Json& object, std::string_view key,
                                          const std::string& path) {
  const auto found = object.find(std::string(key));
  if (found == object.end()) return std::nullopt;
  return ExpectString(*found, Child(path, key));
}

std::string OneOf(const Json& j, const std::string& path,
                  const std::vector<std::string_view>& allowed) {
  const std::string value = ExpectString(j, path);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (const auto name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
    Fail(path, "\"" + value + "\" is not one of: " + list);
  }
  return value;
}

void RequireFile(const FileMap& files, const std::string& file, const std::string& path) {
  auto normalized = NormalizeBundlePath(file, BundleLimits{});
  if (!normalized) Fail(path, normalized.error().message);
  if (!files.contains(normalized.value())) Fail(path, "\"" + file + "\" is not in the bundle");
}

void RejectControl(const std::string& text, const std::string& path) {
  for (const char c : text) {
    if (c == '\r' || c == '\n' || c == '\0') Fail(path, "contains CR, LF or NUL");
  }
}

std::vector<NameValue> Pairs(const Json& j, const std::string& path, const ManifestLimits& limits) {
  if (!j.is_array()) Fail(path, "expected an array of [name, value] pairs");
  if (j.size() > limits.max_pairs)
    Fail(path, "more than " + std::to_string(limits.max_pairs) + " pairs");
  std::vector<NameValue> pairs;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string at = Index(path, i);
    if (!j[i].is_array() || j[i].size() != 2) Fail(at, "expected a [name, value] pair");
    pairs.push_back({ExpectString(j[i][0], Index(at, 0)), ExpectString(j[i][1], Index(at, 1))});
  }
  return pairs;
}

// An RFC 9110 token: header field names and cookie names.
bool IsToken(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::vector<NameValue> Headers(const Json& j, const std::string& path,
                               const ManifestLimits& limits) {
  auto headers = Pairs(j, path, limits);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto& name = headers[i].name;
    if (!IsToken(name)) Fail(Index(Index(path, i), 0), "\"" + name + "\" is not a valid header name");
    RejectControl(headers[i].value, Index(Index(path, i), 1));
  }
  return headers;
}

std::vector<NameValue> Cookies(const Json& j, const std::string& path,
                               const ManifestLimits& limits) {
  ExpectObject(j, path);
  if (j.size() > limits.max_pairs)
    Fail(path, "more than " + std::to_string(limits.max_pairs) + " cookies");
  std::vector<NameValue> cookies;
  for (const auto& [name, value] : j.items()) {
    if (!IsToken(name)) Fail(path, "\"" + name + "\" is not a valid cookie name");
    cookies.push_back({name, ExpectString(value, Child(path, name))});
    RejectControl(cookies.back().value, Child(path, name));
  }
  return cookies;
}

// "{{size:N}}" → N; a plain non-negative integer → itself.
std::pair<std::uint64_t, bool> RepeatCount(const Json& j, const std::string& path) {
  constexpr std::uint64_t kMaxCount = 1ull << 53;
  if (j.is_number_unsigned()) {
    if (j.get<std::uint64_t>() > kMaxCount) Fail(path, "count is too large");
    return {j.get<std::uint64_t>(), false};
  }
  if (j.is_string()) {
    const std::string text = j.get<std::string>();
    constexpr std::string_view kOpen = "{{size:", kClose = "}}";
    if (text.starts_with(kOpen) && text.ends_with(kClose) && text.size() > 9) {
      const std::string digits = text.substr(kOpen.size(), text.size() - 9);
      if (digits.size() <= 15 && std::all_of(digits.begin(), digits.end(),
                                                [](char c) { return c >= '0' && c <= '9'; }))
        return {std::stoull(digits), true};
    }
  }
  Fail(path, "expected a non-negative integer or \"{{size:N}}\"");
}

BodyRepeat Repeat(const Json& j, const std::string& path) {
  ExpectObject(j, path);
  OnlyKeys(j, path, {"unit", "count", "prefix", "suffix"});
  BodyRepeat repeat;
  if (!j.contains("unit")) Fail(Child(path, "unit"), "is required");
  repeat.unit = ExpectString(j["unit"], Child(path, "unit"));
  if (repeat.unit.empty()) Fail(Child(path, "unit"), "must not be empty");
  if (!j.contains("count")) Fail(Child(path, "count"), "is required");
  std::tie(repeat.count, repeat.count_is_sweep) = RepeatCount(j["count"], Child(path, "count"));
  repeat.prefix = OptionalString(j, "prefix", path).value_or("");
  repeat.suffix = OptionalString(j, "suffix", path).value_or("");
  return repeat;
}

void RequestBody(const Json& j, const std::string& path, const FileMap& files,
                 const ManifestLimits& limits, Request& request) {
  int sources = 0;
  for (const char* key : {"body", "body_file", "body_repeat", "form", "json"})
    sources += j.contains(key) ? 1 : 0;
  if (sources > 1)
    Fail(path, "use only one of body, body_file, body_repeat, form and json in a request");
  request.body = OptionalString(j, "body", path);
  request.body_file = OptionalString(j, "body_file", path);
  if (request.body_file) RequireFile(files, *request.body_file, Child(path, "body_file"));
  if (j.contains("body_repeat")) request.body_repeat = Repeat(j["body_repeat"], Child(path, "body_repeat"));
  if (j.contains("form")) request.form = Pairs(j["form"], Child(path, "form"), limits);
  if (j.contains("json")) request.json = j["json"];
}

Request ParseRequest(const Json& j, const std::string& path, const FileMap& files,
                     const ManifestLimits& limits) {
  ExpectObject(j, path);
  OnlyKeys(j, path, {"method", "path", "query", "headers", "cookies", "body", "body_file",
                     "body_repeat", "form", "json", "content_type", "user"});
  Request request;
  if (!j.contains("method")) Fail(Child(path, "method"), "is required");
  request.method = ExpectString(j["method"], Child(path, "method"));
  if (request.method.size() > 32 || !IsToken(request.method))
    Fail(Child(path, "method"), "expected an HTTP method such as \"GET\"");
  if (!j.contains("path")) Fail(Child(path, "path"), "is required");
  request.path = ExpectString(j["path"], Child(path, "path"));
  if (!request.path.starts_with('/')) Fail(Child(path, "path"), "must start with \"/\"");
  RejectControl(request.path, Child(path, "path"));
  if (j.contains("query")) request.query = Pairs(j["query"], Child(path, "query"), limits);
  if (j.contains("headers")) request.headers = Headers(j["headers"], Child(path, "headers"), limits);
  if (j.contains("cookies")) request.cookies = Cookies(j["cookies"], Child(path, "cookies"), limits);
  RequestBody(j, path, files, limits, request);
  request.content_type = OptionalString(j, "content_type", path);
  if (request.content_type) RejectControl(*request.content_type, Child(path, "content_type"));
  if (j.contains("user"))
    request.user = OneOf(j["user"], Child(path, "user"), {"anonymous", "user", "staff", "superuser"});
  return request;
}

Step ParseStep(const Json& j, const std::string& path, const FileMap& files,
               const ManifestLimits& limits) {
  ExpectObject(j, path);
  OnlyKeys(j, path, {"name", "request", "manage"});
  Step step;
  step.json_path = path;
  if (!j.contains("name")) Fail(Child(path, "name"), "is required");
  step.name = ExpectString(j["name"], Child(path, "name"));
  if (step.name.empty()) Fail(Child(path, "name"), "must not be empty");
  if (j.contains("request") == j.contains("manage"))
    Fail(path, "a step has exactly one of \"request\" and \"manage\"");
  if (j.contains("request")) {
    step.request = ParseRequest(j["request"], Child(path, "request"), files, limits);
    return step;
  }
  const Json& manage = j["manage"];
  if (!manage.is_array() || manage.empty())
    Fail(Child(path, "manage"), "expected a non-empty array of strings (command and options)");
  for (std::size_t i = 0; i < manage.size(); ++i)
    step.manage.push_back(ExpectString(manage[i], Index(Child(path, "manage"), i)));
  return step;
}

App ParseApp(const Json& j, const FileMap& files) {
  ExpectObject(j, "app");
  OnlyKeys(j, "app", {"package", "urls", "settings", "fixtures"});
  App app;
  if (!j.contains("package")) Fail("app.package", "is required");
  app.package = ExpectString(j["package"], "app.package");
  const bool identifier =
      !app.package.empty() && !std::isdigit(static_cast<unsigned char>(app.package[0])) &&
      std::all_of(app.package.begin(), app.package.end(),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (!identifier) Fail("app.package", "\"" + app.package + "\" is not a Python package name");
  const auto in_package = files.lower_bound(app.package + "/");
  if (in_package == files.end() || !in_package->first.starts_with(app.package + "/"))
    Fail("app.package", "no folder \"" + app.package + "/\" in the bundle");
  app.urls = OptionalString(j, "urls", "app").value_or(app.package + ".urls");
  if (j.contains("settings")) app.settings = ExpectObject(j["settings"], "app.settings");
  if (j.contains("fixtures")) {
    if (!j["fixtures"].is_array()) Fail("app.fixtures", "expected an array of paths");
    for (std::size_t i = 0; i < j["fixtures"].size(); ++i) {
      app.fixtures.push_back(ExpectString(j["fixtures"][i], Index("app.fixtures", i)));
      RequireFile(files, app.fixtures.back(), Index("app.fixtures", i));
    }
  }
  return app;
}

Claim ParseClaim(const Json& j) {
  ExpectObject(j, "claim");
  OnlyKeys(j, "claim", {"category", "severity", "versions"});
  Claim claim;
  if (j.contains("category")) claim.category = OneOf(j["category"], "claim.category", ClaimCategories());
  if (j.contains("severity"))
    claim.severity = OneOf(j["severity"], "claim.severity", {"high", "moderate", "low"});
  if (j.contains("versions")) {
    if (!j["versions"].is_array()) Fail("claim.versions", "expected an array of strings");
    for (std::size_t i = 0; i < j["versions"].size(); ++i)
      claim.versions.push_back(ExpectString(j["versions"][i], Index("claim.versions", i)));
  }
  return claim;
}

std::vector<Step> ParseSteps(const Json& j, const FileMap& files, const ManifestLimits& limits) {
  if (!j.is_array()) Fail("steps", std::string("expected an array, got ") + TypeName(j));
  if (j.size() > limits.max_steps)
    Fail("steps", "more than " + std::to_string(limits.max_steps) + " steps");
  std::vector<Step> steps;
  std::set<std::string> names;
  for (std::size_t i = 0; i < j.size(); ++i) {
    steps.push_back(ParseStep(j[i], Index("steps", i), files, limits));
    if (!names.insert(steps.back().name).second)
      Fail(Index("steps", i) + ".name", "\"" + steps.back().name + "\" is used by an earlier step");
  }
  return steps;
}

std::vector<Expectation> ParseExpect(const Json& j, const std::vector<Step>& steps) {
  if (!j.is_array()) Fail("expect", "expected an array");
  std::vector<Expectation> expect;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string path = Index("expect", i);
    ExpectObject(j[i], path);
    OnlyKeys(j[i], path, {"oracle", "step"});
    if (!j[i].contains("oracle")) Fail(Child(path, "oracle"), "is required");
    Expectation e{OneOf(j[i]["oracle"], Child(path, "oracle"), OracleNames()), ""};
    if (j[i].contains("step")) {
      e.step = ExpectString(j[i]["step"], Child(path, "step"));
      const bool known = std::any_of(steps.begin(), steps.end(),
                                     [&](const Step& s) { return s.name == e.step; });
      if (!known) Fail(Child(path, "step"), "no step is named \"" + e.step + "\"");
    }
    expect.push_back(std::move(e));
  }
  return expect;
}

void ParseReporter(const Json& j, Manifest& manifest) {
  ExpectObject(j, "reporter");
  OnlyKeys(j, "reporter", {"name", "contact"});
  manifest.reporter_name = OptionalString(j, "name", "reporter").value_or("");
  manifest.reporter_contact = OptionalString(j, "contact", "reporter").value_or("");
}

Manifest ParseDocument(const Json& doc, const FileMap& files, const ManifestLimits& limits) {
  ExpectObject(doc, "(document)");
  OnlyKeys(doc, "", {"format", "title", "reporter", "received", "claim", "instructions", "app",
                     "steps", "expect"});
  if (!doc.contains("format")) Fail("format", "is required (\"pocsift-bundle/1\")");
  const std::string format = ExpectString(doc["format"], "format");
  if (format != kBundleFormat)
    Fail("format", "\"" + format + "\" is not a format this engine reads (expected \"" +
                       std::string(kBundleFormat) + "\")");
  Manifest manifest;
  manifest.title = OptionalString(doc, "title", "").value_or("");
  if (doc.contains("reporter")) ParseReporter(doc["reporter"], manifest);
  manifest.received = OptionalString(doc, "received", "");
  if (manifest.received) {
    if (auto instant = ParseInstant(*manifest.received); !instant)
      Fail("received", instant.error().message);
  }
  if (doc.contains("claim")) manifest.claim = ParseClaim(doc["claim"]);
  manifest.instructions = OptionalString(doc, "instructions", "");
  if (manifest.instructions) RequireFile(files, *manifest.instructions, "instructions");
  if (doc.contains("app")) manifest.app = ParseApp(doc["app"], files);
  if (doc.contains("steps")) manifest.steps = ParseSteps(doc["steps"], files, limits);
  if (doc.contains("expect")) manifest.expect = ParseExpect(doc["expect"], manifest.steps);
  return manifest;
}

// Thrown by the parser callback when the document nests deeper than the limit.
struct TooDeep {};

}  // namespace

const std::vector<std::string_view>& ClaimCategories() {
  static const std::vector<std::string_view> kCategories = {
      "remote-code-execution", "sql-injection", "xss", "csrf", "denial-of-service",
      "broken-authentication", "sensitive-data-exposure", "broken-session-management",
      "open-redirect", "other"};
  return kCategories;
}

const std::vector<std::string_view>& OracleNames() {
  static const std::vector<std::string_view> kOracles = {
      "sql-injection", "remote-code-execution", "xss", "csrf", "denial-of-service",
      "broken-authentication", "sensitive-data-exposure", "open-redirect", "log-injection",
      "exception"};
  return kOracles;
}

Result<Manifest> ParseManifest(std::string_view text, const FileMap& files,
                               const ManifestLimits& limits) {
  const auto depth_guard = [&](int depth, Json::parse_event_t, Json&) {
    if (depth > limits.max_depth) throw TooDeep{};
    return true;
  };
  if (const auto bad = FindInvalidUtf8(text))
    return BadInput("poc.json: invalid UTF-8 at byte " + std::to_string(*bad));
  try {
    const Json doc = Json::parse(text.begin(), text.end(), depth_guard);
    return ParseDocument(doc, files, limits);
  } catch (const TooDeep&) {
    return BadInput("poc.json: nested deeper than " + std::to_string(limits.max_depth) +
                    " levels");
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    return BadInput("poc.json: not valid JSON: " + what);
  } catch (const ManifestError& e) {
    return BadInput(OneLine("poc.json: " + (e.path.empty() ? "" : e.path + ": ") + e.problem));
  } catch (const Json::exception& e) {
    return BadInput(std::string("poc.json: ") + e.what());
  }
}

}  // namespace pocsift
