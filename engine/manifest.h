// The bundle manifest, poc.json, format "pocsift-bundle/1" (docs/bundle-format.md).
//
// ParseManifest() validates the whole document before anything uses it: types, allowed keys,
// enumerations, references to files that must exist in the bundle. Every error names the JSON
// path and the problem ("poc.json: steps[2].request.path: expected a string"). Optional parts
// (app, steps, instructions) may be absent so that the rules can report them missing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/bundle_files.h"
#include "engine/result.h"

namespace pocsift {

inline constexpr std::string_view kBundleFormat = "pocsift-bundle/1";

// One name/value pair of a query string, header list, cookie jar or form, in manifest order.
struct NameValue {
  std::string name;
  std::string value;
};

// A generated body: prefix + unit × count + suffix, never materialized by the engine.
struct BodyRepeat {
  std::string unit;
  std::uint64_t count = 0;
  bool count_is_sweep = false;  // count came from "{{size:N}}": the engine may sweep N
  std::string prefix;
  std::string suffix;
};

struct Request {
  std::string method;
  std::string path;
  std::vector<NameValue> query;
  std::vector<NameValue> headers;
  std::vector<NameValue> cookies;
  // At most one body source is set.
  std::optional<std::string> body;
  std::optional<std::string> body_file;  // a path inside the bundle
  std::optional<BodyRepeat> body_repeat;
  std::optional<std::vector<NameValue>> form;
  std::optional<nlohmann::ordered_json> json;
  std::optional<std::string> content_type;
  std::string user = "anonymous";  // anonymous | user | staff | superuser
};

struct Step {
  std::string name;
  std::string json_path;  // "steps[3]", for messages and evidence
  std::optional<Request> request;
  std::vector<std::string> manage;  // a management command, when request is not set
};

struct App {
  std::string package;
  std::string urls;
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  std::vector<std::string> fixtures;
};

struct Claim {
  std::string category = "other";
  std::optional<std::string> severity;
  std::vector<std::string> versions;
};

struct Expectation {
  std::string oracle;
  std::string step;
};

struct Manifest {
  std::string title;
  std::string reporter_name;
  std::string reporter_contact;
  std::optional<std::string> received;  // as written; engine/dates parses it
  Claim claim;
  std::optional<std::string> instructions;  // a path inside the bundle
  std::optional<App> app;
  std::vector<Step> steps;
  std::vector<Expectation> expect;
};

// Caps on the manifest's own shape; beyond them the manifest is refused as bad input.
struct ManifestLimits {
  std::size_t max_steps = 64;
  std::size_t max_pairs = 1000;  // per query, header, cookie or form list
  int max_depth = 64;            // JSON nesting
};

// Parses and validates `text` (the bytes of poc.json). `files` is the bundle's content, used to
// check that referenced files (instructions, body_file, app.package, app.fixtures) exist.
Result<Manifest> ParseManifest(std::string_view text, const FileMap& files,
                               const ManifestLimits& limits = {});

// The categories, severities, users and oracles the format allows, for validation and docs.
const std::vector<std::string_view>& ClaimCategories();
const std::vector<std::string_view>& OracleNames();

}  // namespace pocsift
