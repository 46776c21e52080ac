// manual-action, dev-server-only, code-screenshot and poc-missing (syntax): tables of bundles
// built in memory.
#include <gtest/gtest.h>

#include "checks/code/syntax_rule.h"
#include "checks/guidelines/code_screenshot_rule.h"
#include "checks/scope/dev_server_rule.h"
#include "checks/scope/manual_action_rule.h"
#include "tests/checks/code_fixture.h"

namespace pocsift {
namespace {

Bundle WithReadme(const std::string& readme) {
  Bundle bundle;
  bundle.manifest.instructions = "README.md";
  bundle.files["README.md"] = readme;
  bundle.manifest.app = App{"pocapp", "pocapp.urls", nlohmann::ordered_json::object(), {"pocapp/fixtures/d.json"}};
  bundle.files["pocapp/views.py"] = "x = 1\n";
  return bundle;
}

Outcome OutcomeOf(const Rule& rule, const Bundle& bundle, const CodeAnalysis* code = nullptr) {
  CheckContext context = MakeCheckContext(bundle, Policy().limits);
  context.code = code;
  const auto findings = rule.Check(context);
  for (const auto& f : findings)
    if (f.outcome == Outcome::kFail) return Outcome::kFail;
  return findings.empty() ? Outcome::kPass : findings[0].outcome;
}

TEST(ManualActionRule, ManageStepsBeyondTheEngineSetUpFail) {
  const struct {
    std::vector<std::string> argv;
    Outcome want;
  } cases[] = {
      {{"migrate"}, Outcome::kPass},
      {{"migrate", "--noinput"}, Outcome::kPass},
      {{"createsuperuser", "--noinput", "--username", "x", "--email", "x@example.org"}, Outcome::kPass},
      {{"loaddata", "pocapp/fixtures/d.json"}, Outcome::kPass},
      {{"loaddata", "/etc/passwd"}, Outcome::kFail},
      {{"shell", "-c", "print(1)"}, Outcome::kFail},
      {{"migrate", "--database", "other"}, Outcome::kFail},
      {{"createsuperuser", "--noinput", "--skip-checks"}, Outcome::kFail},
  };
  for (const auto& c : cases) {
    Bundle bundle = WithReadme("Serve it with Gunicorn.");
    Step step;
    step.name = "setup";
    step.manage = c.argv;
    bundle.manifest.steps.push_back(step);
    EXPECT_EQ(OutcomeOf(ManualActionRule(), bundle), c.want) << c.argv[0] << " " << c.argv.size();
  }
}

TEST(ManualActionRule, InstructionsThatRunOtherCommandsFail) {
  EXPECT_EQ(OutcomeOf(ManualActionRule(), WithReadme("Run `manage.py migrate` then `manage.py runserver`.")), Outcome::kPass);
  EXPECT_EQ(OutcomeOf(ManualActionRule(), WithReadme("Then run `python manage.py shell` and paste:")), Outcome::kFail);
  EXPECT_EQ(OutcomeOf(ManualActionRule(), WithReadme("django-admin startapp x --template=https://e.invalid/t.zip")),
            Outcome::kFail);
}

TEST(DevServerRule, RunserverWithoutAProductionServerFails) {
  EXPECT_EQ(OutcomeOf(DevServerRule(), WithReadme("Start it with manage.py runserver.")), Outcome::kFail);
  EXPECT_EQ(OutcomeOf(DevServerRule(), WithReadme("Use runserver locally or Gunicorn in production.")), Outcome::kPass);
  EXPECT_EQ(OutcomeOf(DevServerRule(), WithReadme("Serve it with uWSGI.")), Outcome::kPass);
}

TEST(DevServerRule, DevelopmentOnlyViewsFail) {
  const CodeAnalysis code = testing::ParseForTest(
      {{"pocapp/urls.py", "from django.urls import path\nfrom django.views.static import serve\n"
                          "urlpatterns = [path('f/<path:path>', serve)]\n"}});
  EXPECT_EQ(OutcomeOf(DevServerRule(), WithReadme("Gunicorn."), &code), Outcome::kFail);
}

TEST(CodeScreenshotRule, ImagesWhereCodeIsExpectedFail) {
  Bundle in_package = WithReadme("Gunicorn.");
  in_package.files["pocapp/views.png"] = "\x89PNG";
  EXPECT_EQ(OutcomeOf(CodeScreenshotRule(), in_package), Outcome::kFail);

  Bundle only_images = WithReadme("Gunicorn.");
  only_images.files.erase("pocapp/views.py");
  only_images.files["shots/1.jpg"] = "jpg";
  EXPECT_EQ(OutcomeOf(CodeScreenshotRule(), only_images), Outcome::kFail);

  EXPECT_EQ(OutcomeOf(CodeScreenshotRule(), WithReadme("![the view's code](shot.png)")), Outcome::kFail);

  Bundle evidence = WithReadme("What the browser showed: ![browser window](evidence/page.png)");
  evidence.files["evidence/page.png"] = "png";
  EXPECT_EQ(OutcomeOf(CodeScreenshotRule(), evidence), Outcome::kPass);
  Bundle static_image = WithReadme("Gunicorn.");
  static_image.files["pocapp/static/logo.png"] = "png";
  EXPECT_EQ(OutcomeOf(CodeScreenshotRule(), static_image), Outcome::kPass);
}

TEST(PocSyntaxRule, CodeThatDoesNotParseFailsWithFileAndLine) {
  const CodeAnalysis code = testing::ParseForTest(
      {{"pocapp/views.py", "def v(request)\n    return 1\n"}, {"pocapp/urls.py", "x = 1\n"}});
  Bundle bundle = WithReadme("Gunicorn.");
  CheckContext context = MakeCheckContext(bundle, Policy().limits);
  context.code = &code;
  const auto findings = PocSyntaxRule().Check(context);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "poc-missing");
  EXPECT_EQ(findings[0].outcome, Outcome::kFail);
  EXPECT_EQ(findings[0].evidence["file"], "pocapp/views.py");
  EXPECT_EQ(findings[0].evidence["line"], 1);
}

}  // namespace
}  // namespace pocsift
