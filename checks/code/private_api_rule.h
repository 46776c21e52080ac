// private-api: the PoC's code reaches a django.* name that the documentation inventory of the
// runtimes' Django does not list, or patches Django's (or pocsift's harness's) modules and
// classes. Policy: "the code under test must feasibly exist in a production Django project;
// depending on private or undocumented functions is not valid".
//
// Names reached: imports (`import`, `from … import … as`), attribute chains on imported names,
// and `_name` attributes of objects whose type is known (request, model classes, managers and
// querysets). Keyword arguments are data, never API names (Q(_connector=…) is public use).
// Each name is judged against every runtime's own objects.inv (checks/code/public_api.h): it
// fails when no runtime documents it. Evidence names each offending name, where it is used,
// and the nearest documented route when there is one.
#pragma once

#include "checks/rule.h"

namespace pocsift {

class PrivateApiRule final : public Rule {
 public:
  std::string_view id() const override { return "private-api"; }
  std::vector<Finding> Check(const CheckContext& context) const override;
};

}  // namespace pocsift
