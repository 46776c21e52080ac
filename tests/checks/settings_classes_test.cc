#include "checks/settings_classes.h"

#include <gtest/gtest.h>

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

TEST(ClassifySetting, ByNameAndValue) {
  EXPECT_EQ(ClassifySetting("DATA_UPLOAD_MAX_MEMORY_SIZE", 10485760), SettingClass::kLimits);
  EXPECT_EQ(ClassifySetting("DATA_UPLOAD_MAX_MEMORY_SIZE", nullptr), SettingClass::kLimits);
  EXPECT_EQ(ClassifySetting("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024), SettingClass::kOrdinary);
  EXPECT_EQ(ClassifySetting("DEBUG", true), SettingClass::kDebug);
  EXPECT_EQ(ClassifySetting("DEBUG", false), SettingClass::kOrdinary);
  EXPECT_EQ(ClassifySetting("ALLOWED_HOSTS", Json{"*"}), SettingClass::kUncommon);
  EXPECT_EQ(ClassifySetting("ALLOWED_HOSTS", Json{"example.org"}), SettingClass::kOrdinary);
  EXPECT_EQ(ClassifySetting("SESSION_SERIALIZER", "x.PickleSerializer"), SettingClass::kUncommon);
  EXPECT_EQ(ClassifySetting("LANGUAGES", Json::array({Json{"en", "English"}})),
            SettingClass::kOrdinary);
  EXPECT_EQ(ClassifySetting("MY_APP_PAGE_SIZE", 50), SettingClass::kOrdinary);
}

TEST(ClassifySetting, MiddlewareWithoutCsrfIsUncommon) {
  const Json full = {"django.middleware.security.SecurityMiddleware",
                     "django.contrib.sessions.middleware.SessionMiddleware",
                     "django.middleware.csrf.CsrfViewMiddleware",
                     "django.contrib.auth.middleware.AuthenticationMiddleware",
                     "django.middleware.clickjacking.XFrameOptionsMiddleware"};
  EXPECT_EQ(ClassifySetting("MIDDLEWARE", full), SettingClass::kOrdinary);
  Json without = full;
  without.erase(2);
  EXPECT_EQ(ClassifySetting("MIDDLEWARE", without), SettingClass::kUncommon);
}

TEST(ClassifySetting, AutoescapeOffIsUncommon) {
  const Json templates = Json::parse(
      R"([{"BACKEND": "django.template.backends.django.DjangoTemplates",
           "OPTIONS": {"autoescape": false}}])");
  EXPECT_EQ(ClassifySetting("TEMPLATES", templates), SettingClass::kUncommon);
}

TEST(WithoutClasses, KeepsOnlyTheOtherClasses) {
  const Json settings = {{"DEBUG", true}, {"DATA_UPLOAD_MAX_NUMBER_FIELDS", 100000},
                         {"USE_TZ", false}, {"ALLOWED_HOSTS", {"*"}}};
  EXPECT_EQ(WithoutClasses(settings, {SettingClass::kDebug, SettingClass::kLimits}).dump(),
            R"({"USE_TZ":false,"ALLOWED_HOSTS":["*"]})");
  EXPECT_EQ(ClassifySettings(settings).at(SettingClass::kUncommon),
            std::vector<std::string>{"ALLOWED_HOSTS"});
}

}  // namespace
}  // namespace pocsift
