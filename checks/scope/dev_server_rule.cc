#include "checks/scope/dev_server_rule.h"

#include <algorithm>
#include <cctype>

#include "checks/code/python_ast.h"

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string>& DevelopmentOnlyViews() {
  static const std::vector<std::string> kViews = {
      "django.views.static.serve", "django.conf.urls.static.static",
      "django.contrib.staticfiles.views.serve", "django.contrib.staticfiles.urls.staticfiles_urlpatterns"};
  return kViews;
}

const std::vector<std::string>& ProductionServers() {
  static const std::vector<std::string> kServers = {
      "gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "mod_wsgi", "waitress",
      "wsgi server", "asgi server", "production server"};
  return kServers;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::vector<Finding> DevServerRule::Check(const CheckContext& context) const {
  Finding finding = Passed(id());
  Json reasons = Json::array();
  const auto& instructions = context.bundle.manifest.instructions;
  if (instructions) {
    const auto file = context.bundle.files.find(*instructions);
    if (file != context.bundle.files.end()) {
      const std::string text = Lower(file->second);
      const bool runserver = text.find("runserver") != std::string::npos;
      const bool production = std::any_of(ProductionServers().begin(), ProductionServers().end(),
                                           [&](const std::string& s) { return text.find(s) != std::string::npos; });
      if (runserver && !production) {
        reasons.push_back({{"instructions", *instructions},
                           {"why", "the instructions run the development server (runserver) and name no production server"}});
        finding.locations.push_back({*instructions, 0});
      }
    }
  }
  if (context.code != nullptr && context.code->ran) {
    for (const auto& module : context.code->modules) {
      if (module.ast.is_null()) continue;
      const ImportTable imports = BuildImportTable(module.ast, ModuleNameOf(module.file));
      WalkNodes(module.ast, [&](const AstNode& node) {
        if (NodeType(node) != "Call") return;
        const AstNode* func = AstField(node, "func");
        if (func == nullptr) return;
        const std::string q = QualifiedName(*func, imports);
        const auto& views = DevelopmentOnlyViews();
        if (std::find(views.begin(), views.end(), q) == views.end()) return;
        reasons.push_back({{"file", module.file}, {"line", NodeLine(node)},
                           {"why", q + " is documented as development-only (howto/static-files)"}});
        finding.locations.push_back({module.file, NodeLine(node)});
      });
      for (const auto& [local, q] : imports) {
        if (q != "django.views.static.serve" && q != "django.contrib.staticfiles.views.serve") continue;
        reasons.push_back({{"file", module.file}, {"line", 0},
                           {"why", q + " is documented as development-only (howto/static-files)"}});
        finding.locations.push_back({module.file, 0});
      }
    }
  }
  if (reasons.empty()) return {finding};
  finding.outcome = Outcome::kFail;
  finding.evidence = {{"development_only", reasons}};
  finding.message = "the issue depends on the development server: " + reasons.front()["why"].get<std::string>();
  return {finding};
}

}  // namespace pocsift
