#include "sandbox/environment.h"

#include <gtest/gtest.h>

namespace pocsift::sandbox {
namespace {

TEST(Environment, IsTheFixedAllowListPlusAllowedExtras) {
  auto env = BuildEnvironment({{"DJANGO_SETTINGS_MODULE", "project.settings"},
                               {"POCSIFT_CASE", "42"}});
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_EQ(env->size(), FixedEnvironment().size() + 2);
  EXPECT_NE(std::find(env->begin(), env->end(), "PYTHONPATH=/pocsift/django"), env->end());
  EXPECT_NE(std::find(env->begin(), env->end(), "POCSIFT_CASE=42"), env->end());
}

TEST(Environment, RejectsNamesOutsideTheAllowList) {
  for (const char* name : {"LD_PRELOAD", "PYTHONPATH", "PYTHONSTARTUP", "PATH", "POCSIFT_",
                           "POCSIFT_lower", "HOME"}) {
    auto env = BuildEnvironment({{name, "x"}});
    ASSERT_FALSE(env) << name;
    EXPECT_EQ(env.error().kind, ErrorKind::kBadInput);
  }
}

TEST(Environment, RejectsNulInValues) {
  EXPECT_FALSE(BuildEnvironment({{"POCSIFT_X", std::string("a\0b", 3)}}));
}

}  // namespace
}  // namespace pocsift::sandbox
