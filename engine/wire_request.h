// WireRequest: a manifest request as the bytes that go on the wire.
//
// The engine builds these bytes once and the harness sends them unchanged, so the size rules
// measure exactly what the run sends: the request target (path, "?", the form-encoded query),
// each header field line "Name: value" (all cookies as one Cookie line), and the body. A
// generated body (body_repeat) is described, never materialized: its size is computed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/bundle_files.h"
#include "engine/manifest.h"
#include "engine/placeholders.h"

namespace pocsift {

// prefix + unit × count + suffix, with placeholders already expanded.
struct GeneratedBody {
  std::string prefix;
  std::string unit;
  std::uint64_t count = 0;
  std::string suffix;
};

struct WireRequest {
  std::string method;
  std::string target;                     // "/path?a=1&b=2"
  std::vector<std::string> header_lines;  // "Name: value", without CRLF
  // The body: literal bytes, a bundle file, or a generated body; body_bytes is its size.
  std::string body;
  std::optional<std::string> body_file;
  std::optional<GeneratedBody> generated_body;
  std::uint64_t body_bytes = 0;           // saturates at UINT64_MAX
  std::optional<std::uint64_t> swept_size;  // the {{size:N}} used, when the request has one
};

// Builds the wire form of `request`. `size_override` replaces every {{size:N}} (a sweep point);
// without it, the largest N written is used. Placeholders expand to `values`.
WireRequest BuildWireRequest(const Request& request, const FileMap& files,
                             const PlaceholderValues& values,
                             std::optional<std::uint64_t> size_override = std::nullopt);

// The wire form of every step of a manifest, in order; nullopt for a `manage` step.
std::vector<std::optional<WireRequest>> BuildWireSteps(
    const std::vector<Step>& steps, const FileMap& files, const PlaceholderValues& values,
    std::optional<std::uint64_t> size_override = std::nullopt);

// application/x-www-form-urlencoded, as Python's urllib.parse.urlencode writes it
// (unreserved bytes kept, space as '+', everything else %XX).
std::string FormEncode(const std::vector<NameValue>& pairs);

}  // namespace pocsift
