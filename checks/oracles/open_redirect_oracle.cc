#include "checks/oracles/open_redirect_oracle.h"

#include <algorithm>
#include <cctype>

namespace pocsift {
namespace {

constexpr std::string_view kAllowedHosts[] = {"testserver", "localhost"};

// Django code that only carries the URL it was given to the Location header.
constexpr std::string_view kRedirectPassThrough[] = {
    "django/http/response.py", "django/shortcuts.py", "django/utils/encoding.py",
    "django/utils/functional.py"};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string RedirectHost(std::string_view location) {
  // Browsers drop leading spaces and control characters, and read '\' as '/'.
  std::string url;
  for (const char c : location) {
    if (static_cast<unsigned char>(c) <= 0x20 && url.empty()) continue;
    if (c == '\t' || c == '\n' || c == '\r') continue;
    url += c == '\\' ? '/' : c;
  }
  std::size_t start = std::string::npos;
  if (const auto scheme = url.find("://"); scheme != std::string::npos &&
      std::all_of(url.begin(), url.begin() + static_cast<long>(scheme),
                  [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; })) {
    start = scheme + 3;
  } else if (url.starts_with("//")) {
    start = 2;
  } else if (const auto colon = url.find(':'); colon != std::string::npos && url.find('/') > colon &&
                                                url.substr(colon + 1).starts_with("//")) {
    start = colon + 3;
  }
  if (start == std::string::npos) return "";
  while (start < url.size() && url[start] == '/') ++start;
  std::string authority = url.substr(start, url.find_first_of("/?#", start) - start);
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  if (const auto colon = authority.rfind(':'); colon != std::string::npos && authority.front() != '[')
    authority = authority.substr(0, colon);
  return Lower(authority);
}

RedirectAttribution AttributeRedirect(const Frame& provenance, std::string_view location) {
  // The last assignment of this value wins, as the last one set is the header sent.
  const Frame* setter = nullptr;
  for (const auto& entry : ArrayField(provenance, "locations"))
    if (StringField(entry, "value") == location) setter = &entry;
  RedirectAttribution out;
  if (setter == nullptr) return out;
  const Frame* frame = PerformingFrame(ArrayField(*setter, "frames"), kRedirectPassThrough);
  if (frame == nullptr) return out;
  out.origin = OriginOf(*frame);
  out.performed_by = FrameJson(frame);
  return out;
}

std::vector<OracleHit> OpenRedirectOracle::Observe(const OracleContext& context, std::size_t,
                                                   const Frame& step) const {
  const int status = ResponseStatus(step);
  if (status < 300 || status > 399) return {};
  for (const auto& location : HeaderValues(step, "Location")) {
    const std::string host = RedirectHost(location);
    if (host.empty()) continue;
    const bool allowed = std::find(std::begin(kAllowedHosts), std::end(kAllowedHosts), host) !=
                         std::end(kAllowedHosts);
    if (allowed) continue;
    const RedirectAttribution attribution = AttributeRedirect(ResponseProvenanceOf(step), location);
    OracleHit hit{std::string(name()), StringField(step, "name"), attribution.origin};
    hit.evidence = {{"status", status},
                    {"location", location},
                    {"host", host},
                    {"is_evil_host", host == Lower(context.run.secrets.placeholders.evil_host)},
                    {"performed_by", attribution.performed_by}};
    return {hit};
  }
  return {};
}

}  // namespace pocsift
