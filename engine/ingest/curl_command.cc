#include "engine/percent_encode.h"
#include "engine/ingest/curl_command.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <re2/re2.h>

#include "engine/ingest/shell_words.h"
#include "engine/one_line.h"

namespace pocsift {
namespace {

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string FormEncode(std::string_view text) { return PercentEncode(text); }

// Options whose next word is their argument, by every name curl accepts for them.
const std::map<std::string, std::string, std::less<>>& WithArgument() {
  static const auto* const kOptions = new std::map<std::string, std::string, std::less<>>{
      {"-X", "request"},        {"--request", "request"},
      {"-H", "header"},         {"--header", "header"},
      {"-d", "data"},           {"--data", "data"},
      {"--data-ascii", "data"}, {"--data-binary", "data-binary"},
      {"--data-raw", "data-raw"}, {"--data-urlencode", "data-urlencode"},
      {"--json", "json"},       {"-b", "cookie"},
      {"--cookie", "cookie"},   {"-A", "user-agent"},
      {"--user-agent", "user-agent"}, {"-e", "referer"},
      {"--referer", "referer"}, {"-u", "user"},
      {"--user", "user"},       {"--url", "url"},
      {"-F", "form"},           {"--form", "form"},
      {"--form-string", "form"},
      // Ignored, but they take an argument that must not be read as the URL.
      {"-o", "ignore"},         {"--output", "ignore"},
      {"-w", "ignore"},         {"--write-out", "ignore"},
      {"-m", "ignore"},         {"--max-time", "ignore"},
      {"--connect-timeout", "ignore"}, {"--retry", "ignore"},
      {"-x", "ignore"},         {"--proxy", "ignore"},
      {"--resolve", "ignore"},  {"-c", "ignore"},
      {"--cookie-jar", "ignore"}, {"--cacert", "ignore"},
      {"-E", "ignore"},         {"--cert", "ignore"},
      {"-T", "upload"},         {"--upload-file", "upload"},
  };
  return *kOptions;
}

const std::set<std::string, std::less<>>& Flags() {
  static const auto* const kFlags = new std::set<std::string, std::less<>>{
      "-s", "--silent", "-S", "--show-error", "-i", "--include", "-v", "--verbose", "-k",
      "--insecure", "-L", "--location", "-g", "--globoff", "-f", "--fail", "--compressed",
      "--http1.1", "--http1.0", "--http2", "--path-as-is", "-N", "--no-buffer", "-G", "--get",
      "-I", "--head", "-#", "--progress-bar", "-O", "--remote-name", "-q"};
  return *kFlags;
}

std::string StripPrompt(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  if (t.starts_with("$ ")) t.remove_prefix(2);
  return std::string(t);
}

}  // namespace

bool LooksLikeCurl(std::string_view command_text) {
  static const RE2 kCurl("^\\s*(?:\\$\\s+)?curl(?:\\s|$)");
  return RE2::PartialMatch(command_text, kCurl);
}

Result<RequestDraft> ParseCurlCommand(std::string_view command_text) {
  auto split = SplitShellWords(StripPrompt(command_text));
  if (!split) return BadInput("curl command: " + split.error().message);
  const auto& words = split.value().words;
  if (words.empty() || words[0] != "curl") return BadInput("not a curl command");
  RequestDraft draft;
  if (!split.value().rest.empty())
    draft.notes.push_back("ignored after the curl command: " + OneLine(split.value().rest));
  std::optional<std::string> url;
  std::optional<std::string> method;
  std::vector<std::string> data;
  bool json = false;
  bool get = false;
  bool head = false;
  // Expands "-sXPOST" into "-s", "-X", "POST" and "-HX: y" into "-H", "X: y".
  std::vector<std::string> args;
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() > 2 && w[0] == '-' && w[1] != '-') {
      for (std::size_t k = 1; k < w.size(); ++k) {
        const std::string opt = std::string("-") + w[k];
        args.push_back(opt);
        if (WithArgument().contains(opt)) {
          if (k + 1 < w.size()) args.push_back(w.substr(k + 1));
          break;
        }
      }
    } else {
      args.push_back(w);
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() > 1 && arg[0] == '-') {
      if (Flags().contains(arg)) {
        if (arg == "-G" || arg == "--get") get = true;
        if (arg == "-I" || arg == "--head") head = true;
        continue;
      }
      const auto option = WithArgument().find(arg);
      if (option == WithArgument().end()) {
        draft.unmapped.push_back("curl option " + OneLine(arg) + " not understood");
        continue;
      }
      if (i + 1 >= args.size()) return BadInput("curl option " + arg + " needs an argument");
      const std::string& value = args[++i];
      const std::string& kind = option->second;
      if (kind == "request") {
        method = value;
      } else if (kind == "header") {
        const auto colon = value.find(':');
        if (colon == std::string::npos) {
          draft.unmapped.push_back("curl header \"" + OneLine(value) + "\" has no ':'");
        } else if (auto status = AddHeader(value.substr(0, colon), value.substr(colon + 1), draft);
                   !status) {
          return BadInput("curl " + arg + ": " + status.error().message);
        }
      } else if (kind == "data" || kind == "data-binary" || kind == "json") {
        if (value.starts_with("@")) {
          if (value == "@-") {
            draft.unmapped.push_back("curl " + arg + " @- reads the body from stdin");
          } else {
            draft.body_file = value.substr(1);
          }
        } else {
          data.push_back(value);
        }
        if (kind == "json") json = true;
      } else if (kind == "data-raw") {
        data.push_back(value);
      } else if (kind == "data-urlencode") {
        const auto eq = value.find('=');
        const auto at = value.find('@');
        if (at != std::string::npos && (eq == std::string::npos || at < eq)) {
          draft.unmapped.push_back("curl --data-urlencode " + OneLine(value) + " reads a file");
        } else if (eq == std::string::npos) {
          data.push_back(FormEncode(value));
        } else if (eq == 0) {
          data.push_back(FormEncode(value.substr(1)));
        } else {
          data.push_back(value.substr(0, eq + 1) + FormEncode(value.substr(eq + 1)));
        }
      } else if (kind == "cookie") {
        if (value.find('=') == std::string::npos) {
          draft.unmapped.push_back("curl " + arg + " " + OneLine(value) + " names a cookie file");
        } else if (auto status = AddHeader("Cookie", value, draft); !status) {
          return BadInput("curl " + arg + ": " + status.error().message);
        }
      } else if (kind == "user-agent" || kind == "referer") {
        if (auto status = AddHeader(kind == "referer" ? "Referer" : "User-Agent", value, draft);
            !status)
          return BadInput("curl " + arg + ": " + status.error().message);
      } else if (kind == "user") {
        draft.headers.emplace_back("Authorization", "Basic " + Base64(value));
        draft.notes.push_back("curl " + arg + " sent as a Basic Authorization header; the "
                              "engine's seeded accounts are the request's \"user\" field");
      } else if (kind == "url") {
        url = value;
      } else if (kind == "form") {
        draft.unmapped.push_back("curl " + arg + " " + OneLine(value) +
                                 " (multipart form parts have no field in the bundle format)");
      } else if (kind == "upload") {
        draft.unmapped.push_back("curl " + arg + " " + OneLine(value) + " uploads a file");
      }
      continue;
    }
    if (url) {
      draft.unmapped.push_back("curl: a second URL " + OneLine(arg) + " (one request per step)");
      continue;
    }
    url = arg;
  }
  if (!url) return BadInput("curl command has no URL");
  if (auto status = SetTarget(*url, draft); !status)
    return BadInput("curl URL: " + status.error().message);
  std::string joined;
  for (const auto& part : data) joined += (joined.empty() ? "" : "&") + part;
  if (get) {
    RequestDraft with_data;
    if (!joined.empty()) {
      if (auto status = SetTarget("/?" + joined, with_data); !status) return status.error();
      for (auto& pair : with_data.query) draft.query.push_back(std::move(pair));
    }
    draft.method = "GET";
  } else if (!data.empty() || draft.body_file) {
    if (!data.empty() && draft.body_file) {
      draft.unmapped.push_back("curl: both @file and inline data; kept the file, dropped \"" +
                               OneLine(joined) + "\"");
    } else if (!data.empty()) {
      draft.body = joined;
    }
    if (!draft.content_type)
      draft.content_type = json ? "application/json" : "application/x-www-form-urlencoded";
    if (json) draft.headers.emplace_back("Accept", "application/json");
    draft.method = "POST";
  } else if (head) {
    draft.method = "HEAD";
  }
  if (method) {
    std::string upper = *method;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!RE2::FullMatch(upper, "[A-Z]{1,32}"))
      return BadInput("curl -X " + OneLine(*method) + " is not an HTTP method");
    draft.method = upper;
  }
  return draft;
}

}  // namespace pocsift
