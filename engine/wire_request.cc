#include "engine/wire_request.h"

#include <limits>

namespace pocsift {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void PercentEncodeByte(unsigned char byte, std::string& out) {
  out += '%';
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

void FormEncodeComponent(std::string_view text, std::string& out) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      PercentEncodeByte(c, out);
    }
  }
}

// The path as written, with bytes that cannot appear raw in a request line encoded.
std::string EncodePath(std::string_view path) {
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f || c == '#') {
      PercentEncodeByte(c, out);
    } else {
      out += ch;
    }
  }
  return out;
}

std::uint64_t SaturatingAdd(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? std::numeric_limits<std::uint64_t>::max() : sum;
}

std::uint64_t SaturatingMul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::uint64_t>::max()
                                                : product;
}

std::vector<NameValue> ExpandPairs(const std::vector<NameValue>& pairs,
                                   const PlaceholderValues& values,
                                   std::optional<std::uint64_t> size) {
  std::vector<NameValue> out;
  out.reserve(pairs.size());
  for (const auto& pair : pairs)
    out.push_back({ExpandPlaceholders(pair.name, values, size),
                   ExpandPlaceholders(pair.value, values, size)});
  return out;
}

// Writes `value` as compact JSON (what dump() writes) with placeholders expanded inside every
// string, keys included, so a payload with quotes, such as {{xss}}, stays a well-formed JSON
// string. It is written out rather than rebuilt as a new object: two keys that expand alike
// ("{{marker}}" and the measurement marker written literally) would merge into one and make
// the measured body shorter than the one a run sends.
void DumpExpandedJson(const nlohmann::ordered_json& value, const PlaceholderValues& values,
                      std::optional<std::uint64_t> size, std::string& out) {
  const auto dump_string = [&](const std::string& text) {
    out += nlohmann::ordered_json(ExpandPlaceholders(text, values, size)).dump();
  };
  if (value.is_string()) {
    dump_string(value.get_ref<const std::string&>());
  } else if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ',';
      DumpExpandedJson(value[i], values, size, out);
    }
    out += ']';
  } else if (value.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      if (!first) out += ',';
      first = false;
      dump_string(key);
      out += ':';
      DumpExpandedJson(item, values, size, out);
    }
    out += '}';
  } else {
    out += value.dump();
  }
}

std::optional<std::string> DefaultContentType(const Request& request) {
  if (request.form) return "application/x-www-form-urlencoded";
  if (request.json) return "application/json";
  return std::nullopt;
}

std::string CookieLine(const std::vector<NameValue>& cookies) {
  std::string line = "Cookie: ";
  for (std::size_t i = 0; i < cookies.size(); ++i) {
    if (i > 0) line += "; ";
    line += cookies[i].name + "=" + cookies[i].value;
  }
  return line;
}

void BuildBody(const Request& request, const FileMap& files, const PlaceholderValues& values,
               std::optional<std::uint64_t> size, WireRequest& wire) {
  if (request.body) {
    wire.body = ExpandPlaceholders(*request.body, values, size);
  } else if (request.form) {
    wire.body = FormEncode(ExpandPairs(*request.form, values, size));
  } else if (request.json) {
    DumpExpandedJson(*request.json, values, size, wire.body);
  } else if (request.body_file) {
    wire.body_file = *request.body_file;
    const auto found = files.find(*request.body_file);
    wire.body_bytes = found == files.end() ? 0 : found->second.size();
    return;
  } else if (request.body_repeat) {
    const BodyRepeat& r = *request.body_repeat;
    GeneratedBody body{ExpandPlaceholders(r.prefix, values, size),
                       ExpandPlaceholders(r.unit, values, size),
                       r.count_is_sweep && size ? *size : r.count,
                       ExpandPlaceholders(r.suffix, values, size)};
    wire.body_bytes = SaturatingAdd(SaturatingMul(body.unit.size(), body.count),
                                    body.prefix.size() + body.suffix.size());
    wire.generated_body = std::move(body);
    return;
  }
  wire.body_bytes = wire.body.size();
}

// The largest {{size:N}} anywhere in the request (the sweep's top point).
std::optional<std::uint64_t> LargestSize(const Request& request) {
  std::optional<std::uint64_t> largest;
  const auto consider = [&](std::optional<std::uint64_t> n) {
    if (n && (!largest || *n > *largest)) largest = n;
  };
  for (const auto& pair : request.query) consider(LargestSizePlaceholder(pair.value));
  for (const auto& pair : request.headers) consider(LargestSizePlaceholder(pair.value));
  if (request.body) consider(LargestSizePlaceholder(*request.body));
  if (request.body_repeat && request.body_repeat->count_is_sweep)
    consider(request.body_repeat->count);
  return largest;
}

}  // namespace

std::vector<std::optional<WireRequest>> BuildWireSteps(
    const std::vector<Step>& steps, const FileMap& files, const PlaceholderValues& values,
    std::optional<std::uint64_t> size_override) {
  std::vector<std::optional<WireRequest>> wire;
  for (const auto& step : steps) {
    if (step.request) {
      wire.push_back(BuildWireRequest(*step.request, files, values, size_override));
    } else {
      wire.push_back(std::nullopt);
    }
  }
  return wire;
}

std::string FormEncode(const std::vector<NameValue>& pairs) {
  std::string out;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out += '&';
    FormEncodeComponent(pairs[i].name, out);
    out += '=';
    FormEncodeComponent(pairs[i].value, out);
  }
  return out;
}

WireRequest BuildWireRequest(const Request& request, const FileMap& files,
                             const PlaceholderValues& values,
                             std::optional<std::uint64_t> size_override) {
  WireRequest wire;
  wire.method = request.method;
  wire.swept_size = size_override ? size_override : LargestSize(request);
  const auto size = wire.swept_size;
  wire.target = EncodePath(ExpandPlaceholders(request.path, values, size));
  if (!request.query.empty()) wire.target += "?" + FormEncode(ExpandPairs(request.query, values, size));
  for (const auto& header : ExpandPairs(request.headers, values, size))
    wire.header_lines.push_back(header.name + ": " + header.value);
  if (!request.cookies.empty())
    wire.header_lines.push_back(CookieLine(ExpandPairs(request.cookies, values, size)));
  if (const auto type = request.content_type ? request.content_type : DefaultContentType(request))
    wire.header_lines.push_back("Content-Type: " + *type);
  BuildBody(request, files, values, size, wire);
  return wire;
}

}  // namespace pocsift
