// private-api: names judged against small inventories (table-driven), monkey-patching, the
// harness's modules, and judgement per runtime.
#include <gtest/gtest.h>

#include "checks/code/private_api_rule.h"
#include "checks/code/public_api.h"
#include "checks/code/taint_catalogue.h"
#include "tests/checks/code_fixture.h"

namespace pocsift {
namespace {

ApiInventory Docs() {
  return testing::InventoryOf(
      "5.2", {"django.db.models (module)", "django.db.models.Q", "django.db.models.Model",
              "django.db.models.Model.objects (attribute)", "django.db.models.query.QuerySet",
              "django.db.models.query.QuerySet.filter (method)", "django.utils.html (module)",
              "django.utils.html.escape (function)", "django.http.HttpRequest",
              "django.http.HttpRequest.get_host (method)", "django.http (module)",
              "django.http.HttpResponse", "django.db (module)"});
}

struct Case {
  const char* name;
  const char* views;
  const char* private_name;  // nullptr: passes
};

const Case kCases[] = {
    {"DocumentedImports", "from django.db.models import Q\nfrom django.utils.html import escape\n", nullptr},
    {"UndocumentedModule", "from django.utils.archive import extract\n", "django.utils.archive"},
    {"ModelsSqlPackage", "from django.db.models.sql import Query\n", "django.db.models.sql"},
    {"AttributeChainIntoSql", "from django.db import models\nx = models.sql.Query\n", "django.db.models.sql"},
    {"UndocumentedNameInDocumentedModule", "from django.utils.html import _json_script_escapes\n",
     "django.utils.html._json_script_escapes"},
    {"KeywordArgumentsAreData",
     "from django.db.models import Q\nq = Q(_connector='OR', name='x')\n", nullptr},
    {"ModelMetaIsPublic",
     "from django.db import models\nclass Item(models.Model):\n    pass\nf = Item._meta.get_fields()\n",
     nullptr},
    {"PrivateRequestMethod",
     "def v(request):\n    return request._get_raw_host()\n", "django.http.HttpRequest._get_raw_host"},
    {"DocumentedRequestMethod", "def v(request):\n    return request.get_host()\n", nullptr},
    {"AllowListedConnection", "from django.db import connection\nc = connection.cursor()\n", nullptr},
};

class PrivateApiTable : public ::testing::TestWithParam<Case> {};

TEST_P(PrivateApiTable, NamesExactlyTheUndocumentedName) {
  const Case& c = GetParam();
  CodeAnalysis code = testing::ParseForTest({{"pocapp/views.py", c.views}});
  code.inventories = {Docs()};
  Bundle bundle;
  CheckContext context = MakeCheckContext(bundle, Policy().limits);
  context.code = &code;
  const auto findings = PrivateApiRule().Check(context);
  ASSERT_EQ(findings.size(), 1u);
  if (c.private_name == nullptr) {
    EXPECT_EQ(findings[0].outcome, Outcome::kPass) << findings[0].message;
    return;
  }
  ASSERT_EQ(findings[0].outcome, Outcome::kFail);
  EXPECT_EQ(findings[0].evidence["private_names"][0]["name"], c.private_name) << findings[0].message;
  EXPECT_EQ(findings[0].evidence["private_names"][0]["file"], "pocapp/views.py");
}

INSTANTIATE_TEST_SUITE_P(Names, PrivateApiTable, ::testing::ValuesIn(kCases),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(PrivateApiRule, MonkeyPatchingDjangoFails) {
  for (const char* code_text : {"from django.utils import html\nhtml.escape = str\n",
                                "from django.db.models import QuerySet\nQuerySet.filter = None\n",
                                "import django.utils.html\nsetattr(django.utils.html, 'escape', str)\n",
                                "import recorders\nrecorders.cap = None\n"}) {
    CodeAnalysis code = testing::ParseForTest({{"pocapp/views.py", code_text}});
    code.inventories = {Docs()};
    Bundle bundle;
    CheckContext context = MakeCheckContext(bundle, Policy().limits);
    context.code = &code;
    const auto findings = PrivateApiRule().Check(context);
    EXPECT_EQ(findings[0].outcome, Outcome::kFail) << code_text;
  }
}

TEST(PrivateApiRule, ANameDocumentedByAnyRuntimePasses) {
  CodeAnalysis code = testing::ParseForTest({{"pocapp/views.py", "from django.utils.html import urlize\n"}});
  code.inventories = {Docs(), testing::InventoryOf("6.1", {"django.utils.html.urlize (function)"})};
  Bundle bundle;
  CheckContext context = MakeCheckContext(bundle, Policy().limits);
  context.code = &code;
  EXPECT_EQ(PrivateApiRule().Check(context)[0].outcome, Outcome::kPass);
  code.inventories.pop_back();
  EXPECT_EQ(PrivateApiRule().Check(context)[0].outcome, Outcome::kFail);
}

// Found by the `analysis` fuzz target (tests/fuzz/regressions/analysis/attribute-without-value):
// an Attribute node without its "value" field, which CPython never writes but a tree that came
// out of the sandbox garbled can hold, was dereferenced as a null pointer.
TEST(PrivateApiRule, AnAttributeWithoutAValueIsSkipped) {
  CodeAnalysis code = testing::ParseForTest({{"pocapp/views.py", "def v(request):\n    return request._x\n"}});
  code.inventories = {Docs()};
  auto& body = code.modules[0].ast["body"][0]["body"][0]["value"];
  ASSERT_EQ(body["_t"], "Attribute");
  body.erase("value");
  Bundle bundle;
  CheckContext context = MakeCheckContext(bundle, Policy().limits);
  context.code = &code;
  EXPECT_EQ(PrivateApiRule().Check(context)[0].outcome, Outcome::kPass);
}

TEST(PublicApi, ResolvedAliasMakesAReExportPublic) {
  const auto resolved = nlohmann::json::parse(R"({"found": true, "aliases": ["django.db.models.query.QuerySet"]})");
  const auto judgement =
      JudgeName("django.db.models.QuerySet", resolved, nlohmann::json::object(), Docs(), DefaultTaintCatalogue());
  EXPECT_TRUE(judgement.is_public);
  EXPECT_EQ(judgement.documented_as, "django.db.models.query.QuerySet");
}

TEST(PublicApi, NearestDocumentedPrefersATemplateFilter) {
  ApiInventory docs = Docs();
  docs.template_filters.insert("urlize");
  EXPECT_EQ(NearestDocumented("django.utils.html.urlize", docs), "the urlize template filter");
  EXPECT_EQ(NearestDocumented("django.db.models.query_utils.Q", docs), "django.db.models.Q");
}

}  // namespace
}  // namespace pocsift
