#include "checks/oracles/broken_authentication_oracle.h"

#include "engine/utf8.h"

namespace pocsift {
namespace {

// Django code a login() call passes through on its way to the signal the harness listens to.
constexpr std::string_view kLoginPassThrough[] = {
    "django/dispatch/", "django/contrib/auth/__init__.py", "django/utils/functional.py"};

}  // namespace

nlohmann::ordered_json PocLoginOf(const OracleContext& context, std::size_t index,
                                  const std::string& client) {
  const auto& steps = context.bundle.manifest.steps;
  for (std::size_t i = 0; i <= index && i < steps.size() && i < context.run.steps.size(); ++i) {
    if (!steps[i].request || steps[i].request->user != client) continue;
    for (const auto& login : ArrayField(ResponseProvenanceOf(context.run.steps[i]), "logins")) {
      const Frame* frame = PerformingFrame(ArrayField(login, "frames"), kLoginPassThrough);
      if (frame == nullptr || OriginOf(*frame) != "poc") continue;
      return {{"user", StringField(login, "user")}, {"step", steps[i].name},
              {"performed_by", FrameJson(frame)}};
    }
  }
  return nullptr;
}

std::vector<OracleHit> BrokenAuthenticationOracle::Observe(const OracleContext& context,
                                                           std::size_t index,
                                                           const Frame& step) const {
  const auto& request = context.bundle.manifest.steps[index].request;
  const auto& wire = context.wire[index];
  if (!request || !wire || (request->user != "anonymous" && request->user != "user")) return {};
  if (ResponseStatus(step) != 200) return {};
  const std::string body = BodyText(step);
  const bool admin_page = wire->target.starts_with("/admin/") &&
                          body.find("name=\"password\"") == std::string::npos;
  const bool canary = body.find(context.run.secrets.canaries.row) != std::string::npos;
  if (!admin_page && !canary) return {};
  const auto poc_login = PocLoginOf(context, index, request->user);
  OracleHit hit{std::string(name()), StringField(step, "name"), poc_login.is_null() ? "django" : "poc"};
  hit.evidence = {{"client", request->user},
                  {"target", Utf8Slice(wire->target, 0, 300)},
                  {"served", admin_page ? "an admin page" : "the staff-only canary row"}};
  if (!poc_login.is_null()) {
    hit.evidence["logged_in_by"] = poc_login;
    hit.evidence["performed_by"] = poc_login["performed_by"];
    hit.evidence["via"] = "login() without a password check, in step \"" +
                          poc_login["step"].get<std::string>() + "\"";
  }
  return {hit};
}

}  // namespace pocsift
