#include "checks/oracles/xss_oracle.h"

#include "engine/utf8.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

// Django code that only marks or carries what it was handed.
constexpr std::string_view kMarkupPassThrough[] = {
    "django/utils/safestring.py", "django/utils/functional.py"};
constexpr std::string_view kContentPassThrough[] = {
    "django/http/response.py", "django/utils/encoding.py", "django/utils/functional.py"};
// Filters Django documents as turning escaping off for their input.
constexpr std::string_view kFilters = "django/template/defaultfilters.py";

bool DocumentedUnsafeFilter(const Frame* frame) {
  if (frame == nullptr || StringField(*frame, "file") != kFilters) return false;
  const std::string function = StringField(*frame, "function");
  return function == "safe" || function == "safeseq";
}

bool AutoescapeOff(const Frame* frame, const Frame& template_info) {
  if (frame == nullptr || !StringField(*frame, "file").starts_with("django/template/")) return false;
  const auto found = template_info.find("autoescape");
  return found != template_info.end() && found->is_boolean() && !found->get<bool>();
}

// Who wrote the template: for a template file, the file (its origin says whose); for a template
// compiled from a string, the first frame outside Django that rendered it.
Json TemplateAuthor(const Frame& template_info, const Frame& frames) {
  const std::string origin = OriginOf(template_info);
  if (origin == "poc" || origin == "django" || origin == "third-party")
    return {{"file", StringField(template_info, "file")},
            {"line", CountField(template_info, "line")},
            {"function", ""}, {"origin", origin}};
  for (const auto& frame : frames) {
    const std::string frame_origin = OriginOf(frame);
    if (frame_origin == "poc" || frame_origin == "third-party") return FrameJson(&frame);
  }
  return nullptr;
}

XssAttribution FromMarkup(const Frame& markup) {
  const Frame& frames = ArrayField(markup, "frames");
  const Frame& template_info = ObjectField(markup, "template");
  const Frame* frame = PerformingFrame(frames, kMarkupPassThrough);
  XssAttribution out;
  if (!template_info.empty()) out.evidence["template"] = StringField(template_info, "file");
  const bool filter = DocumentedUnsafeFilter(frame);
  if (filter || AutoescapeOff(frame, template_info)) {
    const Json author = TemplateAuthor(template_info, frames);
    out.origin = author.is_object() ? author["origin"].get<std::string>() : "unknown";
    out.evidence["performed_by"] = author;
    out.evidence["django_frame"] = FrameJson(frame);
    out.evidence["via"] = filter ? "the |" + StringField(*frame, "function") + " filter in the template"
                                 : std::string("autoescape off in the template");
    return out;
  }
  out.origin = frame != nullptr ? OriginOf(*frame) : "unknown";
  out.evidence["performed_by"] = FrameJson(frame);
  out.evidence["via"] = "marked safe";
  return out;
}

}  // namespace

XssAttribution AttributeXss(const Frame& provenance) {
  const Frame& markup = ObjectField(provenance, "markup");
  if (!markup.empty()) return FromMarkup(markup);
  XssAttribution out;
  const Frame& content = ObjectField(provenance, "content");
  if (content.empty()) {
    out.evidence = {{"performed_by", nullptr}, {"via", "no provenance recorded"}};
    return out;
  }
  const Frame* frame = PerformingFrame(ArrayField(content, "frames"), kContentPassThrough);
  out.origin = frame != nullptr ? OriginOf(*frame) : "unknown";
  out.evidence = {{"performed_by", FrameJson(frame)}, {"via", "written into the response content"}};
  return out;
}

std::vector<OracleHit> XssOracle::Observe(const OracleContext& context, std::size_t,
                                          const Frame& step) const {
  const auto types = HeaderValues(step, "Content-Type");
  if (types.empty() || !types.front().starts_with("text/html")) return {};
  const std::string body = BodyText(step);
  const std::string& payload = context.run.secrets.placeholders.xss;
  const std::size_t at = body.find(payload);
  if (at == std::string::npos) return {};
  const auto view = ObjectField(step, "view");
  XssAttribution attribution = AttributeXss(ResponseProvenanceOf(step));
  if (attribution.origin.empty()) attribution.origin = "unknown";
  OracleHit hit{std::string(name()), StringField(step, "name"), attribution.origin};
  hit.evidence = {{"payload", payload},
                  {"content_type", types.front()},
                  {"excerpt", Utf8Slice(body, at > 120 ? at - 120 : 0, payload.size() + 240)},
                  {"view", StringField(view, "name")}};
  for (auto& [key, value] : attribution.evidence.items()) hit.evidence[key] = value;
  return {hit};
}

}  // namespace pocsift
