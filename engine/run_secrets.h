// The fresh values of one run: the placeholders' nonce, the project's SECRET_KEY and the
// canaries (seeded passwords, canary row, canary file, environment canary). Drawn from
// OpenSSL's CSPRNG for every run, so nothing one run learns is valid in another.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/placeholders.h"

namespace pocsift {

struct Canaries {
  std::string password_user;
  std::string password_staff;
  std::string password_superuser;
  std::string row;
  std::string file;
  std::string env;

  nlohmann::json ToJson() const;
  // Every canary value with its name, for the sensitive-data-exposure oracle.
  std::vector<std::pair<std::string, std::string>> Named() const;
};

struct RunSecrets {
  PlaceholderValues placeholders;
  std::string secret_key;
  Canaries canaries;
};

// `count` random bytes as lower-case hex.
std::string RandomHex(std::size_t count);

RunSecrets FreshRunSecrets();

}  // namespace pocsift
