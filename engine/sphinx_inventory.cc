#include "engine/sphinx_inventory.h"

#include <zlib.h>

#include <fstream>
#include <memory>

namespace pocsift {
namespace {

// Splits off the next '\n'-terminated line of `text` at `pos`.
std::string_view NextLine(std::string_view text, std::size_t& pos) {
  const auto end = text.find('\n', pos);
  const std::string_view line = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
  pos = end == std::string_view::npos ? text.size() : end + 1;
  return line;
}

struct InflateStream {
  z_stream stream{};
  bool ready = false;
  ~InflateStream() {
    if (ready) inflateEnd(&stream);
  }
};

Result<std::string> Inflate(std::string_view compressed, std::uint64_t cap) {
  InflateStream z;
  if (inflateInit(&z.stream) != Z_OK) return Internal("zlib: inflateInit failed");
  z.ready = true;
  z.stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[64 * 1024];
  while (true) {
    z.stream.next_out = reinterpret_cast<Bytef*>(buffer);
    z.stream.avail_out = sizeof(buffer);
    const int status = inflate(&z.stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END)
      return BadInput(std::string("objects.inv: corrupt zlib stream (") +
                      (z.stream.msg != nullptr ? z.stream.msg : "error") + ")");
    out.append(buffer, sizeof(buffer) - z.stream.avail_out);
    if (out.size() > cap)
      return BadInput("objects.inv: decompresses to more than " + std::to_string(cap) + " bytes");
    if (status == Z_STREAM_END) break;
    if (z.stream.avail_in == 0 && z.stream.avail_out != 0)
      return BadInput("objects.inv: truncated zlib stream");
  }
  return out;
}

// "name domain:role priority uri dispname": the name may contain spaces (std:label), so the
// domain:role field is the first one after the name that holds a ':' and is followed by an
// integer priority.
void AddEntry(std::string_view line, ApiInventory& inventory) {
  std::size_t search = 0;
  while (true) {
    const auto space = line.find(' ', search);
    if (space == std::string_view::npos) return;
    const auto next = line.find(' ', space + 1);
    if (next == std::string_view::npos) return;
    const std::string_view field = line.substr(space + 1, next - space - 1);
    const auto colon = field.find(':');
    const auto after = line.find(' ', next + 1);
    const std::string_view priority = line.substr(next + 1, after == std::string_view::npos ? std::string_view::npos : after - next - 1);
    const bool numeric = !priority.empty() &&
        priority.find_first_not_of("-0123456789") == std::string_view::npos;
    if (colon != std::string_view::npos && numeric) {
      const std::string_view name = line.substr(0, space);
      const std::string_view domain = field.substr(0, colon);
      const std::string_view role = field.substr(colon + 1);
      if (domain == "py") {
        inventory.AddPython(std::string(name), std::string(role));
      } else if (domain == "std" && role == "templatefilter") {
        inventory.template_filters.emplace(name);
      } else if (domain == "std" && role == "templatetag") {
        inventory.template_tags.emplace(name);
      }
      return;
    }
    search = space + 1;
  }
}

}  // namespace

Result<ApiInventory> ParseSphinxInventory(std::string_view bytes, const InventoryLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return BadInput("objects.inv: larger than " + std::to_string(limits.max_file_bytes) + " bytes");
  std::size_t pos = 0;
  const std::string_view magic = NextLine(bytes, pos);
  if (magic != "# Sphinx inventory version 2")
    return BadInput("objects.inv: not a Sphinx inventory version 2");
  const std::string_view project = NextLine(bytes, pos);
  const std::string_view version = NextLine(bytes, pos);
  const std::string_view note = NextLine(bytes, pos);
  if (!project.starts_with("# Project: ") || !version.starts_with("# Version: ") ||
      note.find("zlib") == std::string_view::npos)
    return BadInput("objects.inv: malformed header");
  ApiInventory inventory;
  inventory.version = std::string(version.substr(11, 64));
  auto text = Inflate(bytes.substr(pos), limits.max_decompressed_bytes);
  if (!text) return text.error();
  std::size_t at = 0, lines = 0;
  const std::string_view body = text.value();
  while (at < body.size()) {
    const std::string_view line = NextLine(body, at);
    if (++lines > limits.max_lines)
      return BadInput("objects.inv: more than " + std::to_string(limits.max_lines) + " entries");
    if (line.size() > limits.max_line_bytes)
      return BadInput("objects.inv: an entry longer than " + std::to_string(limits.max_line_bytes) + " bytes");
    if (!line.empty()) AddEntry(line, inventory);
  }
  return inventory;
}

Result<ApiInventory> ReadSphinxInventory(const std::filesystem::path& path, const InventoryLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read " + path.string());
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(limits.max_file_bytes) + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  auto inventory = ParseSphinxInventory(bytes, limits);
  if (!inventory) return Error{inventory.error().kind, path.string() + ": " + inventory.error().message};
  return inventory;
}

}  // namespace pocsift
