// Reads a Sphinx inventory, version 2 (python-django-doc's html/objects.inv): four '#' header
// lines, then a zlib stream of "name domain:role priority uri dispname" lines. Only the
// entries private-api needs are kept: py:* names with their role, template filters and tags.
//
// The file is hostile data as far as this reader is concerned (it comes from a runtime cache
// that a bundle never writes, but a corrupt or crafted file must not hurt the engine): the
// compressed and decompressed sizes, the line count and the line length are capped, and a
// file past any cap, or not an inventory, is a kBadInput error naming the problem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "checks/code/api_inventory.h"
#include "engine/result.h"

namespace pocsift {

struct InventoryLimits {
  std::uint64_t max_file_bytes = 4ull << 20;          // Django 5.2's is about 190 KB
  std::uint64_t max_decompressed_bytes = 32ull << 20;  // a zlib bomb stops here
  std::uint64_t max_lines = 200'000;                   // Django's have about 17,000
  std::uint64_t max_line_bytes = 4096;
};

Result<ApiInventory> ParseSphinxInventory(std::string_view bytes, const InventoryLimits& limits = {});

// Reads and parses the file at `path` (kNotFound when it cannot be read).
Result<ApiInventory> ReadSphinxInventory(const std::filesystem::path& path,
                                         const InventoryLimits& limits = {});

}  // namespace pocsift
