// The size rules at their exact boundaries (policy.md: 8K = 8,192 bytes, 2.5 MB = 2,621,440).
#include <gtest/gtest.h>

#include "checks/limits/body_size_rule.h"
#include "checks/limits/header_size_rule.h"
#include "checks/limits/url_size_rule.h"

namespace pocsift {
namespace {

Bundle BundleWith(Request request) {
  Bundle bundle;
  bundle.files = {{"payload.bin", std::string(2621441, 'p')}, {"small.bin", std::string(2621440, 'p')}};
  Step step;
  step.name = "attack";
  step.json_path = "steps[0]";
  step.request = std::move(request);
  bundle.manifest.steps.push_back(std::move(step));
  return bundle;
}

Request Get(std::string path) {
  Request request;
  request.method = "GET";
  request.path = std::move(path);
  return request;
}

std::vector<Finding> CheckWith(const Rule& rule, const Bundle& bundle) {
  return rule.Check(MakeCheckContext(bundle, Policy().limits));
}

void ExpectPass(const std::vector<Finding>& findings) {
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].outcome, Outcome::kPass);
}

void ExpectPassAt(const std::vector<Finding>& findings, std::uint64_t largest) {
  ExpectPass(findings);
  EXPECT_EQ(findings[0].evidence["measured"], largest);
}

void ExpectFail(const std::vector<Finding>& findings, const char* rule, std::uint64_t measured,
                std::uint64_t limit) {
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, rule);
  EXPECT_EQ(findings[0].outcome, Outcome::kFail);
  EXPECT_EQ(findings[0].evidence["step"], "attack");
  EXPECT_EQ(findings[0].evidence["measured"], measured);
  EXPECT_EQ(findings[0].evidence["limit"], limit);
}

// "/?q=" is 4 bytes; a value of n unreserved bytes makes a target of n + 4.
Request QueryOf(std::size_t target_bytes) {
  Request request = Get("/");
  request.query = {{"q", std::string(target_bytes - 4, 'a')}};
  return request;
}

TEST(UrlSizeRule, PassesAt8191AndFailsAt8192) {
  ExpectPassAt(CheckWith(UrlSizeRule(), BundleWith(QueryOf(8191))), 8191);
  ExpectFail(CheckWith(UrlSizeRule(), BundleWith(QueryOf(8192))), "url-over-8k", 8192, 8192);
}

TEST(UrlSizeRule, MeasuresThePercentEncodedQuery) {
  Request request = Get("/");
  request.query = {{"q", std::string(2730, '<')}};  // each '<' is "%3C": 4 + 3 * 2730 = 8194
  ExpectFail(CheckWith(UrlSizeRule(), BundleWith(request)), "url-over-8k", 8194, 8192);
}

TEST(UrlSizeRule, MeasuresExpandedPlaceholders) {
  Request request = Get("/");
  // {{marker}} (10 bytes written) expands to 19 bytes: 4 + 8169 + 19 = 8192.
  request.query = {{"q", std::string(8169, 'a') + "{{marker}}"}};
  ExpectFail(CheckWith(UrlSizeRule(), BundleWith(request)), "url-over-8k", 8192, 8192);
}

// "X-Big: " is 7 bytes.
Request HeaderOf(std::size_t line_bytes) {
  Request request = Get("/");
  request.headers = {{"X-Big", std::string(line_bytes - 7, 'h')}};
  return request;
}

TEST(HeaderSizeRule, PassesAt8191AndFailsAt8192) {
  ExpectPassAt(CheckWith(HeaderSizeRule(), BundleWith(HeaderOf(8191))), 8191);
  ExpectFail(CheckWith(HeaderSizeRule(), BundleWith(HeaderOf(8192))), "header-over-8k", 8192, 8192);
}

TEST(HeaderSizeRule, CountsAllCookiesAsOneLine) {
  Request request = Get("/");
  // "Cookie: " 8 + "a=" 2 + 4089 + "; " 2 + "b=" 2 + 4089 = 8192.
  request.cookies = {{"a", std::string(4089, 'c')}, {"b", std::string(4089, 'c')}};
  const auto findings = CheckWith(HeaderSizeRule(), BundleWith(request));
  ExpectFail(findings, "header-over-8k", 8192, 8192);
  EXPECT_EQ(findings[0].evidence["field"], "header Cookie");
}

Request RepeatOf(std::uint64_t body_bytes) {
  Request request = Get("/");
  request.method = "POST";
  request.body_repeat = BodyRepeat{"a", body_bytes - 2, false, "[", "]"};
  return request;
}

TEST(BodySizeRule, PassesAt2621440AndFailsAt2621441) {
  ExpectPassAt(CheckWith(BodySizeRule(), BundleWith(RepeatOf(2621440))), 2621440);
  ExpectFail(CheckWith(BodySizeRule(), BundleWith(RepeatOf(2621441))), "body-over-2.5mb", 2621441,
             2621440);
}

TEST(BodySizeRule, MeasuresBodyFilesLiteralBodiesFormsAndJson) {
  Request file = Get("/");
  file.body_file = "payload.bin";
  ExpectFail(CheckWith(BodySizeRule(), BundleWith(file)), "body-over-2.5mb", 2621441, 2621440);
  file.body_file = "small.bin";
  ExpectPass(CheckWith(BodySizeRule(), BundleWith(file)));

  Request literal = Get("/");
  literal.body = std::string(2621441, 'b');
  ExpectFail(CheckWith(BodySizeRule(), BundleWith(literal)), "body-over-2.5mb", 2621441, 2621440);

  Request form = Get("/");
  form.form = std::vector<NameValue>{{"f", std::string(2621439, 'x')}};  // "f=" + value
  ExpectFail(CheckWith(BodySizeRule(), BundleWith(form)), "body-over-2.5mb", 2621441, 2621440);

  Request json = Get("/");
  json.json = nlohmann::ordered_json(std::string(2621438, 'j'));  // quotes add 2
  ExpectPass(CheckWith(BodySizeRule(), BundleWith(json)));
  json.json = nlohmann::ordered_json(std::string(2621439, 'j'));
  ExpectFail(CheckWith(BodySizeRule(), BundleWith(json)), "body-over-2.5mb", 2621441, 2621440);
}

TEST(BodySizeRule, ReportsTheSizePlaceholderOfASweep) {
  Request request = Get("/");
  request.method = "POST";
  request.body_repeat = BodyRepeat{"ab", 2000000, true, "", ""};
  const auto findings = CheckWith(BodySizeRule(), BundleWith(request));
  ExpectFail(findings, "body-over-2.5mb", 4000000, 2621440);
  EXPECT_EQ(findings[0].evidence["size_placeholder"], 2000000);
}

TEST(SizeRules, ManageStepsAreNotMeasured) {
  Bundle bundle;
  Step step;
  step.name = "setup";
  step.manage = {"migrate"};
  bundle.manifest.steps.push_back(step);
  ExpectPass(CheckWith(UrlSizeRule(), bundle));
  ExpectPass(CheckWith(HeaderSizeRule(), bundle));
  ExpectPass(CheckWith(BodySizeRule(), bundle));
}

}  // namespace
}  // namespace pocsift
