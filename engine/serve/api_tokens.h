// API tokens and their roles for `pocsift serve`.
//
// Tokens come from a file (--tokens FILE) or the environment (POCSIFT_SERVE_TOKENS), never
// from the command line or a URL, where they would end up in `ps` output and access logs.
// One token a line (a ';' also separates entries in the environment variable):
//
//     <name>:<role>[,<role>…]:<token>        # e.g.  intake:submit,read:9f2c…
//
// Roles: `submit` (send bundles, read one's own cases), `read` (read and list every case),
// `admin` (everything, including overriding a verdict and reading the access log). A token
// must be at least 32 characters; '#' starts a comment.
//
// Authenticate() compares the presented token with every known token in constant time
// (OpenSSL's CRYPTO_memcmp over SHA-256 digests, so neither the length nor the first differing
// byte shows in the timing) and never stops early.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace pocsift {

enum Role : std::uint8_t {
  kRoleSubmit = 1,
  kRoleRead = 2,
  kRoleAdmin = 4,
};

struct Principal {
  std::string name;
  std::uint8_t roles = 0;
  bool Has(Role role) const { return (roles & (role | kRoleAdmin)) != 0; }
};

class ApiTokens {
 public:
  // Parses the text of a token file; `origin` names it in messages. kBadInput with the line.
  static Result<ApiTokens> Parse(std::string_view text, const std::string& origin);
  // The file when given, else $POCSIFT_SERVE_TOKENS; kBadInput when neither has a token.
  static Result<ApiTokens> Load(const std::optional<std::string>& file);

  // The principal of an `Authorization: Bearer <token>` header value; nullopt otherwise.
  std::optional<Principal> Authenticate(std::string_view authorization) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Principal principal;
    std::string digest;  // SHA-256 of the token, hex
  };
  std::vector<Entry> entries_;
};

// Constant-time equality of two secrets of any length (compares their SHA-256 digests).
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace pocsift
