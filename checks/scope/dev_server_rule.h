// dev-server-only: the issue manifests only in local development. Decided statically when the
// instructions require `runserver` and name no production server, or when the app's code
// routes requests through views Django documents as development-only
// (django.views.static.serve, django.conf.urls.static.static: "inefficient and insecure; do
// not use in production", howto/static-files). The PoC itself always runs under the
// production-style WSGI harness, never under runserver.
#pragma once

#include "checks/rule.h"

namespace pocsift {

class DevServerRule final : public Rule {
 public:
  std::string_view id() const override { return "dev-server-only"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
