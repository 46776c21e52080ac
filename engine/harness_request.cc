#include "engine/harness_request.h"

#include "engine/wire_request.h"

namespace pocsift {
namespace {

using Json = nlohmann::json;

Json BodyJson(const WireRequest& wire) {
  if (wire.generated_body) {
    const GeneratedBody& g = *wire.generated_body;
    return {{"kind", "repeat"}, {"prefix", g.prefix}, {"unit", g.unit}, {"count", g.count},
            {"suffix", g.suffix}};
  }
  if (wire.body_file) return {{"kind", "file"}, {"path", *wire.body_file}};
  if (wire.body.empty()) return nullptr;
  return {{"kind", "literal"}, {"text", wire.body}};
}

Json StepJson(const Step& step, const Bundle& bundle, const RunSecrets& secrets,
              std::optional<std::uint64_t> size_override) {
  if (!step.request) return {{"name", step.name}, {"kind", "manage"}, {"argv", step.manage}};
  const WireRequest wire =
      BuildWireRequest(*step.request, bundle.files, secrets.placeholders, size_override);
  return {{"name", step.name},       {"kind", "request"},
          {"method", wire.method},   {"target", wire.target},
          {"headers", wire.header_lines}, {"body", BodyJson(wire)},
          {"user", step.request->user}};
}

}  // namespace

Json BuildHarnessRequest(const Bundle& bundle, const RunVariant& variant,
                         const RunSecrets& secrets, std::optional<std::uint64_t> size_override) {
  Json steps = Json::array();
  for (const auto& step : bundle.manifest.steps)
    steps.push_back(StepJson(step, bundle, secrets, size_override));
  Json app = nullptr;
  Json fixtures = Json::array();
  if (bundle.manifest.app) {
    app = {{"package", bundle.manifest.app->package}, {"urls", bundle.manifest.app->urls}};
    fixtures = bundle.manifest.app->fixtures;
  }
  return {{"app", app},
          {"settings", Json::parse(variant.settings.dump())},
          {"fixtures", fixtures},
          {"secret_key", secrets.secret_key},
          {"canaries", secrets.canaries.ToJson()},
          {"markers", {secrets.placeholders.marker, secrets.placeholders.evil_host}},
          {"steps", steps}};
}

}  // namespace pocsift
