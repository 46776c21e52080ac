// Run-time attribution of xss and open-redirect: who put the payload into the response or set
// the Location header, from the response provenance the harness records
// (fixtures/harness/recorders.py, ResponseProvenance). The frames below have the shape the
// harness writes (innermost first, paths relative to Django's root or the bundle's).
#include <gtest/gtest.h>

#include "checks/oracles/broken_authentication_oracle.h"
#include "checks/oracles/open_redirect_oracle.h"
#include "checks/oracles/xss_oracle.h"

namespace pocsift {
namespace {

using Json = nlohmann::json;

Json At(const std::string& file, int line, const std::string& function, const std::string& origin) {
  return {{"file", file}, {"line", line}, {"function", function}, {"origin", origin}};
}

const Json kMarkSafe = At("django/utils/safestring.py", 78, "mark_safe", "django");
const Json kHandler = At("django/core/handlers/base.py", 197, "_get_response", "django");
const Json kRender = At("django/shortcuts.py", 24, "render", "django");
const Json kView = At("pocapp/views.py", 7, "greet", "poc");

Json Template(const std::string& file, const std::string& origin, bool autoescape, int line = 1) {
  return {{"file", file}, {"line", line}, {"origin", origin}, {"autoescape", autoescape}};
}

Json Markup(Json frames, Json template_info = nullptr) {
  return {{"markup", {{"frames", std::move(frames)}, {"template", std::move(template_info)}}},
          {"content", nullptr},
          {"locations", Json::array()}};
}

TEST(AttributeXss, MarkSafeCalledByTheViewIsThePocs) {
  const auto a = AttributeXss(Markup({kMarkSafe, kView, kHandler}));
  EXPECT_EQ(a.origin, "poc");
  EXPECT_EQ(a.evidence["performed_by"]["file"], "pocapp/views.py");
  EXPECT_EQ(a.evidence["performed_by"]["line"], 7);
  EXPECT_EQ(a.evidence["via"], "marked safe");
}

TEST(AttributeXss, TheSafeFilterInThePocsTemplateIsThePocs) {
  const auto a = AttributeXss(
      Markup({kMarkSafe, At("django/template/defaultfilters.py", 488, "safe", "django"),
              At("django/template/defaultfilters.py", 47, "_dec", "django"),
              At("django/template/base.py", 740, "resolve", "django"), kRender, kView},
             Template("pocapp/templates/pocapp/greet.html", "poc", true, 3)));
  EXPECT_EQ(a.origin, "poc");
  EXPECT_EQ(a.evidence["via"], "the |safe filter in the template");
  EXPECT_EQ(a.evidence["performed_by"]["file"], "pocapp/templates/pocapp/greet.html");
  EXPECT_EQ(a.evidence["performed_by"]["line"], 3);
  EXPECT_EQ(a.evidence["django_frame"]["function"], "safe");
  EXPECT_EQ(a.evidence["template"], "pocapp/templates/pocapp/greet.html");
}

TEST(AttributeXss, AutoescapeOffInThePocsTemplateIsThePocs) {
  const auto a = AttributeXss(
      Markup({At("django/template/base.py", 1006, "render", "django"),
              At("django/template/defaulttags.py", 50, "render", "django"), kRender, kView},
             Template("pocapp/templates/pocapp/raw.html", "poc", false)));
  EXPECT_EQ(a.origin, "poc");
  EXPECT_EQ(a.evidence["via"], "autoescape off in the template");
}

TEST(AttributeXss, MarkupDjangosOwnCodeProducedIsDjangos) {
  // A filter that should escape (urlize) returning the payload as safe markup: Django's flaw.
  const auto a = AttributeXss(
      Markup({kMarkSafe, At("django/utils/html.py", 350, "urlize", "django"),
              At("django/template/defaultfilters.py", 380, "urlize", "django"), kRender, kView},
             Template("pocapp/templates/pocapp/bio.html", "poc", true)));
  EXPECT_EQ(a.origin, "django");
  EXPECT_EQ(a.evidence["performed_by"]["file"], "django/utils/html.py");
  EXPECT_EQ(a.evidence["via"], "marked safe");
}

TEST(AttributeXss, TheSafeFilterInDjangosOwnTemplateIsDjangos) {
  const auto a = AttributeXss(
      Markup({kMarkSafe, At("django/template/defaultfilters.py", 488, "safe", "django"),
              At("django/contrib/admin/options.py", 1900, "changelist_view", "django")},
             Template("django/contrib/admin/templates/admin/change_list.html", "django", true)));
  EXPECT_EQ(a.origin, "django");
}

TEST(AttributeXss, AStringTemplateIsTheCodeThatRenderedIt) {
  const auto a = AttributeXss(
      Markup({kMarkSafe, At("django/template/defaultfilters.py", 488, "safe", "django"),
              At("django/template/base.py", 175, "render", "django"), kView},
             Template("<unknown source>", "string", true)));
  EXPECT_EQ(a.origin, "poc");
  EXPECT_EQ(a.evidence["performed_by"]["file"], "pocapp/views.py");
}

TEST(AttributeXss, ContentWrittenByTheViewIsThePocs) {
  const Json provenance = {
      {"markup", nullptr},
      {"content",
       {{"frames", {At("django/http/response.py", 412, "content", "django"),
                    At("django/http/response.py", 375, "__init__", "django"), kView, kHandler}}}},
      {"locations", Json::array()}};
  const auto a = AttributeXss(provenance);
  EXPECT_EQ(a.origin, "poc");
  EXPECT_EQ(a.evidence["via"], "written into the response content");
  EXPECT_EQ(a.evidence["performed_by"]["function"], "greet");
}

TEST(AttributeXss, WithoutProvenanceNobodyIsNamed) {
  const auto a = AttributeXss(Json::object());
  EXPECT_EQ(a.origin, "unknown");
  EXPECT_TRUE(a.evidence["performed_by"].is_null());
}

Json Locations(std::vector<std::pair<std::string, Json>> entries) {
  Json list = Json::array();
  for (auto& [value, frames] : entries) list.push_back({{"value", value}, {"frames", frames}});
  return {{"markup", nullptr}, {"content", nullptr}, {"locations", list}};
}

const Json kSetItem = At("django/http/response.py", 200, "__setitem__", "django");
const Json kRedirectInit = At("django/http/response.py", 630, "__init__", "django");

TEST(AttributeRedirect, RedirectToRequestDataInTheViewIsThePocs) {
  const auto a = AttributeRedirect(
      Locations({{"https://evil.example/",
                  {kSetItem, kRedirectInit, At("django/shortcuts.py", 48, "redirect", "django"),
                   At("pocapp/views.py", 5, "go", "poc"), kHandler}}}),
      "https://evil.example/");
  EXPECT_EQ(a.origin, "poc");
  EXPECT_EQ(a.performed_by["file"], "pocapp/views.py");
  EXPECT_EQ(a.performed_by["line"], 5);
}

TEST(AttributeRedirect, ALocationDjangosViewChoseIsDjangos) {
  const auto a = AttributeRedirect(
      Locations({{"//evil.example/",
                  {kSetItem, kRedirectInit,
                   At("django/contrib/auth/views.py", 107, "form_valid", "django"),
                   At("django/views/generic/edit.py", 153, "post", "django")}}}),
      "//evil.example/");
  EXPECT_EQ(a.origin, "django");
  EXPECT_EQ(a.performed_by["function"], "form_valid");
}

TEST(AttributeRedirect, TheLastAssignmentOfTheSentValueDecides) {
  const auto a = AttributeRedirect(
      Locations({{"/safe/", {kSetItem, At("django/contrib/auth/views.py", 107, "form_valid", "django")}},
                 {"https://evil.example/", {kSetItem, At("pocapp/middleware.py", 9, "__call__", "poc")}}}),
      "https://evil.example/");
  EXPECT_EQ(a.origin, "poc");
  EXPECT_EQ(AttributeRedirect(Locations({{"/safe/", {kSetItem}}}), "https://evil.example/").origin,
            "unknown");
}

// The oracles themselves, on a step frame as the harness sends it (provenance in the body).
struct OracleRun {
  Bundle bundle;
  RunRecord run;
  OracleRun() {
    Step step;
    step.name = "attack";
    step.request = Request{};
    step.request->method = "GET";
    step.request->path = "/go/";
    bundle.manifest.steps.push_back(step);
    run.secrets.placeholders = PlaceholdersForNonce("0123456789abcdef");
  }
};

TEST(OpenRedirectOracle, CarriesWhoSetTheLocation) {
  OracleRun r;
  const std::string evil = "https://" + r.run.secrets.placeholders.evil_host + "/";
  Json step = {{"name", "attack"},
               {"status", 302},
               {"headers", Json::array({Json::array({"Location", evil})})},
               {"body", {{"text", ""},
                         {"provenance", Locations({{evil, {kSetItem, At("pocapp/views.py", 5, "go", "poc")}}})}}}};
  const auto context = MakeOracleContext(r.bundle, r.run);
  const auto hits = OpenRedirectOracle().Observe(context, 0, step);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].attributed_to, "poc");
  EXPECT_EQ(hits[0].evidence["performed_by"]["file"], "pocapp/views.py");
  EXPECT_TRUE(hits[0].evidence["is_evil_host"].get<bool>());
}

TEST(XssOracle, CarriesWhoMadeThePayloadMarkup) {
  OracleRun r;
  const std::string& payload = r.run.secrets.placeholders.xss;
  Json step = {{"name", "attack"},
               {"status", 200},
               {"headers", Json::array({Json::array({"Content-Type", "text/html; charset=utf-8"})})},
               {"body", {{"text", "<p>Hello " + payload + "</p>"},
                         {"provenance", Markup({kMarkSafe, kView})}}}};
  const auto hits = XssOracle().Observe(MakeOracleContext(r.bundle, r.run), 0, step);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].attributed_to, "poc");
  EXPECT_EQ(hits[0].evidence["payload"], payload);
  EXPECT_EQ(hits[0].evidence["performed_by"]["function"], "greet");
  // An escaped payload is no hit, whoever wrote it.
  step["body"]["text"] = "<p>Hello &lt;script&gt;</p>";
  EXPECT_TRUE(XssOracle().Observe(MakeOracleContext(r.bundle, r.run), 0, step).empty());
}

// An anonymous client's session logged in as staff, then served the admin index.
struct LoginRun {
  Bundle bundle;
  RunRecord run;
  explicit LoginRun(Json login_frames) {
    for (const char* name : {"view-as", "attack"}) {
      Step step;
      step.name = name;
      step.request = Request{};
      step.request->method = "GET";
      step.request->path = std::string(name) == "attack" ? "/admin/" : "/view-as/";
      bundle.manifest.steps.push_back(step);
    }
    run.secrets.placeholders = PlaceholdersForNonce("0123456789abcdef");
    Json provenance = {{"markup", nullptr}, {"content", nullptr}, {"locations", Json::array()},
                       {"logins", {{{"user", "pocsift-staff"}, {"frames", std::move(login_frames)}}}}};
    run.steps.push_back({{"name", "view-as"}, {"status", 302}, {"body", {{"text", ""}, {"provenance", provenance}}}});
    run.steps.push_back(AdminIndex());
  }
  static Json AdminIndex() {
    return {{"name", "attack"}, {"status", 200},
            {"body", {{"text", "<h1>Site administration</h1>"}, {"provenance", Json::object()}}}};
  }
};

const Json kLoginSignal = At("django/dispatch/dispatcher.py", 176, "send", "django");
const Json kLogin = At("django/contrib/auth/__init__.py", 152, "login", "django");

TEST(BrokenAuthenticationOracle, ALoginThePocsViewMadeWithoutAPasswordIsThePocs) {
  LoginRun r({kLoginSignal, kLogin, At("support/views.py", 8, "view_as", "poc"), kHandler});
  const auto hits = BrokenAuthenticationOracle().Observe(MakeOracleContext(r.bundle, r.run), 1,
                                                         LoginRun::AdminIndex());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].attributed_to, "poc");
  EXPECT_EQ(hits[0].evidence["served"], "an admin page");
  EXPECT_EQ(hits[0].evidence["performed_by"]["file"], "support/views.py");
  EXPECT_EQ(hits[0].evidence["performed_by"]["line"], 8);
  EXPECT_EQ(hits[0].evidence["logged_in_by"]["user"], "pocsift-staff");
  EXPECT_EQ(hits[0].evidence["logged_in_by"]["step"], "view-as");
}

TEST(BrokenAuthenticationOracle, ALoginThroughDjangosOwnViewIsDjangos) {
  LoginRun r({kLoginSignal, kLogin, At("django/contrib/auth/views.py", 95, "form_valid", "django")});
  const auto hits = BrokenAuthenticationOracle().Observe(MakeOracleContext(r.bundle, r.run), 1,
                                                         LoginRun::AdminIndex());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].attributed_to, "django");
  EXPECT_FALSE(hits[0].evidence.contains("performed_by"));
}

TEST(BrokenAuthenticationOracle, AnotherClientsLoginDoesNotCount) {
  LoginRun r({kLoginSignal, kLogin, At("support/views.py", 8, "view_as", "poc")});
  r.bundle.manifest.steps[0].request->user = "user";  // the PoC logged in a different jar
  const auto hits = BrokenAuthenticationOracle().Observe(MakeOracleContext(r.bundle, r.run), 1,
                                                         LoginRun::AdminIndex());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].attributed_to, "django");
}

}  // namespace
}  // namespace pocsift
