// The Sphinx inventory reader on well-formed and hostile files.
#include <zlib.h>

#include <gtest/gtest.h>

#include "engine/sphinx_inventory.h"

namespace pocsift {
namespace {

std::string Compress(const std::string& text) {
  uLongf size = compressBound(text.size());
  std::string out(size, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()), text.size());
  out.resize(size);
  return out;
}

const std::string kHeader =
    "# Sphinx inventory version 2\n# Project: Django\n# Version: 5.2\n"
    "# The remainder of this file is compressed using zlib.\n";

TEST(SphinxInventory, ReadsPythonNamesFiltersAndTags) {
  const std::string body =
      "django.db.models.Q py:class 1 ref/models/querysets.html#$ -\n"
      "django.db.models py:module 0 ref/models/index.html#module-$ -\n"
      "urlize std:templatefilter 1 ref/templates/builtins.html#std-templatefilter-$ -\n"
      "autoescape std:templatetag 1 ref/templates/builtins.html#std-templatetag-$ -\n"
      "ref/models/meta:model ``_meta`` api std:label -1 ref/models/meta.html Model _meta API\n";
  const auto inventory = ParseSphinxInventory(kHeader + Compress(body));
  ASSERT_TRUE(inventory) << inventory.error().message;
  EXPECT_EQ(inventory->version, "5.2");
  ASSERT_NE(inventory->Role("django.db.models.Q"), nullptr);
  EXPECT_EQ(*inventory->Role("django.db.models.Q"), "class");
  EXPECT_EQ(*inventory->Role("django.db.models"), "module");
  EXPECT_TRUE(inventory->template_filters.contains("urlize"));
  EXPECT_TRUE(inventory->template_tags.contains("autoescape"));
  EXPECT_EQ(inventory->python.size(), 2u);
}

struct Hostile {
  const char* name;
  std::string bytes;
  const char* message;
};

TEST(SphinxInventory, RefusesHostileFilesWithAReason) {
  InventoryLimits small;
  small.max_decompressed_bytes = 1 << 16;
  small.max_lines = 100;
  small.max_line_bytes = 200;
  const std::string bomb = kHeader + Compress(std::string(1 << 20, 'a'));
  std::string many;
  for (int i = 0; i < 200; ++i) many += "x py:class 1 u -\n";
  const Hostile cases[] = {
      {"empty", "", "not a Sphinx inventory"},
      {"version 1", "# Sphinx inventory version 1\n", "not a Sphinx inventory"},
      {"bad header", "# Sphinx inventory version 2\nfoo\nbar\nbaz\n", "malformed header"},
      {"not zlib", kHeader + "plain text", "corrupt zlib"},
      {"truncated", kHeader + Compress("django.x py:class 1 u -\n").substr(0, 6), "zlib"},
      {"bomb", bomb, "decompresses to more than"},
      {"too many lines", kHeader + Compress(many), "entries"},
      {"long line", kHeader + Compress(std::string(300, 'n') + " py:class 1 u -\n"), "longer than"},
  };
  for (const auto& c : cases) {
    const auto inventory = ParseSphinxInventory(c.bytes, small);
    ASSERT_FALSE(inventory) << c.name;
    EXPECT_EQ(inventory.error().kind, ErrorKind::kBadInput) << c.name;
    EXPECT_NE(inventory.error().message.find(c.message), std::string::npos)
        << c.name << ": " << inventory.error().message;
  }
  InventoryLimits tiny;
  tiny.max_file_bytes = 10;
  EXPECT_FALSE(ParseSphinxInventory(kHeader, tiny));
}

}  // namespace
}  // namespace pocsift
