#include "engine/ingest/request_draft.h"

#include <cctype>
#include <string>

#include <re2/re2.h>

#include "engine/one_line.h"

namespace pocsift {
namespace {

bool IsToken(std::string_view name) {
  static const RE2 kToken("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  return RE2::FullMatch(name, kToken);
}

bool IsLocalHost(std::string_view host) {
  return host == "testserver" || host == "localhost" || host == "127.0.0.1" || host == "[::1]" ||
         host.starts_with("localhost:") || host.starts_with("127.0.0.1:") ||
         host.starts_with("[::1]:");
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Status SetTarget(std::string_view url, RequestDraft& draft) {
  std::string_view rest = url;
  static const RE2 kAbsolute("(?i)(https?)://([^/?#]*)(.*)");
  std::string scheme, host, tail;
  if (RE2::FullMatch(url, kAbsolute, &scheme, &host, &tail)) {
    if (!IsLocalHost(host))
      draft.notes.push_back("host \"" + OneLine(host) +
                            "\" dropped: the engine sends every request to its own test server");
    rest = std::string_view(url).substr(url.size() - tail.size());
  } else if (!url.starts_with("/")) {
    return BadInput("\"" + OneLine(url) + "\" is not an http(s) URL or a path");
  }
  const auto hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  const auto question = rest.find('?');
  std::string_view path = rest.substr(0, question);
  draft.path = path.empty() ? "/" : std::string(path);
  if (draft.path.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
    return BadInput("the path of \"" + OneLine(url) + "\" contains CR, LF or NUL");
  draft.query.clear();
  if (question == std::string_view::npos) return {};
  std::string_view query = rest.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      draft.query.emplace_back(PercentDecode(pair.substr(0, eq), true),
                               eq == std::string_view::npos
                                   ? std::string()
                                   : PercentDecode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return {};
}

Status AddHeader(std::string_view raw_name, std::string_view raw_value, RequestDraft& draft) {
  const std::string name = Trim(raw_name);
  const std::string value = Trim(raw_value);
  if (!IsToken(name)) return BadInput("header name \"" + OneLine(name) + "\" is not a token");
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
    return BadInput("header " + name + " has CR, LF or NUL in its value");
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "host" || lower == "content-length" || lower == "connection") {
    draft.notes.push_back("header " + name + " dropped: the harness sets it");
  } else if (lower == "content-type") {
    draft.content_type = value;
  } else if (lower == "cookie") {
    std::string_view jar = value;
    while (!jar.empty()) {
      const auto semi = jar.find(';');
      const std::string pair = Trim(jar.substr(0, semi));
      const auto eq = pair.find('=');
      if (eq != std::string::npos && eq > 0)
        draft.cookies.emplace_back(Trim(pair.substr(0, eq)), pair.substr(eq + 1));
      else if (!pair.empty())
        draft.unmapped.push_back("cookie \"" + OneLine(pair) + "\" has no name=value");
      if (semi == std::string_view::npos) break;
      jar = jar.substr(semi + 1);
    }
  } else {
    draft.headers.emplace_back(name, value);
  }
  return {};
}

nlohmann::ordered_json RequestDraft::ToJson() const {
  using Json = nlohmann::ordered_json;
  const auto pairs = [](const std::vector<Pair>& list) {
    Json out = Json::array();
    for (const auto& [n, v] : list) out.push_back(Json::array({n, v}));
    return out;
  };
  Json request = {{"method", method}, {"path", path}};
  if (!query.empty()) request["query"] = pairs(query);
  if (!headers.empty()) request["headers"] = pairs(headers);
  if (!cookies.empty()) {
    Json jar = Json::object();
    for (const auto& [n, v] : cookies) jar[n] = v;
    request["cookies"] = jar;
  }
  if (body) request["body"] = *body;
  if (body_file) request["body_file"] = *body_file;
  if (content_type) request["content_type"] = *content_type;
  return request;
}

}  // namespace pocsift
