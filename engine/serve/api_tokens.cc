#include "engine/serve/api_tokens.h"

#include <openssl/crypto.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/sha256.h"

namespace pocsift {
namespace {

constexpr std::size_t kMinTokenLength = 32;

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

Result<std::uint8_t> ParseRoles(std::string_view text) {
  std::uint8_t roles = 0;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view role = Trim(text.substr(0, comma));
    if (role == "submit")
      roles |= kRoleSubmit;
    else if (role == "read")
      roles |= kRoleRead;
    else if (role == "admin")
      roles |= kRoleAdmin;
    else
      return BadInput("unknown role \"" + std::string(role) + "\" (submit, read or admin)");
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (roles == 0) return BadInput("no role given");
  return roles;
}

}  // namespace

bool SecretsEqual(std::string_view a, std::string_view b) {
  const std::string da = Sha256Hex(a);
  const std::string db = Sha256Hex(b);
  return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

Result<ApiTokens> ApiTokens::Parse(std::string_view text, const std::string& origin) {
  ApiTokens tokens;
  int line_number = 0;
  while (!text.empty()) {
    const auto end = text.find_first_of("\n;");
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    const std::string where = origin + ": entry " + std::to_string(line_number) + ": ";
    const auto first = line.find(':');
    const auto second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos)
      return BadInput(where + "expected <name>:<roles>:<token>");
    const std::string_view name = Trim(line.substr(0, first));
    const std::string_view token = Trim(line.substr(second + 1));
    if (name.empty()) return BadInput(where + "the name is empty");
    if (name == "link") return BadInput(where + "\"link\" is reserved for reporter links");
    auto roles = ParseRoles(line.substr(first + 1, second - first - 1));
    if (!roles) return BadInput(where + roles.error().message);
    if (token.size() < kMinTokenLength)
      return BadInput(where + "the token is shorter than " + std::to_string(kMinTokenLength) +
                      " characters");
    tokens.entries_.push_back({{std::string(name), roles.value()}, Sha256Hex(token)});
  }
  if (tokens.entries_.empty()) return BadInput(origin + ": no API token");
  return tokens;
}

Result<ApiTokens> ApiTokens::Load(const std::optional<std::string>& file) {
  if (file) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) return BadInput("--tokens: cannot read " + *file);
    std::ostringstream text;
    text << in.rdbuf();
    return Parse(text.str(), *file);
  }
  if (const char* env = std::getenv("POCSIFT_SERVE_TOKENS"))
    return Parse(env, "POCSIFT_SERVE_TOKENS");
  return BadInput("no API tokens: give --tokens FILE or set POCSIFT_SERVE_TOKENS (docs/serve.md)");
}

std::optional<Principal> ApiTokens::Authenticate(std::string_view authorization) const {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  const std::string digest = Sha256Hex(Trim(authorization.substr(kScheme.size())));
  std::optional<Principal> match;
  for (const auto& entry : entries_) {  // no early exit: every token is compared
    if (CRYPTO_memcmp(entry.digest.data(), digest.data(), digest.size()) == 0)
      match = entry.principal;
  }
  return match;
}

}  // namespace pocsift
