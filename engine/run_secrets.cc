#include "engine/run_secrets.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace pocsift {

std::string RandomHex(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  if (RAND_bytes(bytes.data(), static_cast<int>(count)) != 1)
    throw std::runtime_error("RAND_bytes failed");  // the CSPRNG is broken: nothing is safe
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char b : bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xf];
  }
  return hex;
}

nlohmann::json Canaries::ToJson() const {
  return {{"password_user", password_user}, {"password_staff", password_staff},
          {"password_superuser", password_superuser}, {"row", row}, {"file", file},
          {"env", env}};
}

std::vector<std::pair<std::string, std::string>> Canaries::Named() const {
  return {{"password of user", password_user}, {"password of staff", password_staff},
          {"password of superuser", password_superuser}, {"canary row", row},
          {"canary file", file}, {"environment canary", env}};
}

RunSecrets FreshRunSecrets() {
  RunSecrets secrets;
  secrets.placeholders = PlaceholdersForNonce(RandomHex(8));
  secrets.secret_key = "pocsift-secret-" + RandomHex(24);
  secrets.canaries = {"pwu-" + RandomHex(12), "pws-" + RandomHex(12), "pwa-" + RandomHex(12),
                      "row-" + RandomHex(12), "file-" + RandomHex(12), "env-" + RandomHex(12)};
  return secrets;
}

}  // namespace pocsift
