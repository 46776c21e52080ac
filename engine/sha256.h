// SHA-256 digests in lower-case hex, computed with OpenSSL's EVP interface.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pocsift {

// Incremental hasher: Update() any number of times, then HexDigest() once.
// Not thread-safe; cheap to construct.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // Finishes the digest; the hasher must not be used afterwards.
  std::string HexDigest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// The hex digest of `bytes` in one call.
std::string Sha256Hex(std::string_view bytes);

}  // namespace pocsift
