#include "checks/guidelines/code_screenshot_rule.h"

#include <algorithm>
#include <cctype>

namespace pocsift {
namespace {

using Json = nlohmann::ordered_json;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IsImage(const std::string& path) {
  const std::string lower = Lower(path);
  for (const char* ext : {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"})
    if (lower.ends_with(ext)) return true;
  return false;
}

bool SaysCode(const std::string& lower) {
  for (const char* word : {"screenshot", "code", "views", "models", "urls", ".py", "snippet", "source"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// Markdown images `![caption](target)` whose caption or target says it is code.
std::vector<std::string> CodeImagesInText(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = text.find("!["); at != std::string::npos; at = text.find("![", at + 2)) {
    const auto close = text.find("](", at);
    const auto end = close == std::string::npos ? std::string::npos : text.find(')', close);
    if (end == std::string::npos || end - at > 600) continue;
    const std::string image = text.substr(at, end - at + 1);
    if (SaysCode(Lower(image))) out.push_back(image);
  }
  return out;
}

}  // namespace

std::vector<Finding> CodeScreenshotRule::Check(const CheckContext& context) const {
  Finding finding = Passed(id());
  const Bundle& bundle = context.bundle;
  const std::string package = bundle.manifest.app ? bundle.manifest.app->package + "/" : "";
  std::size_t python = 0;
  std::vector<std::string> images;
  for (const auto& [path, content] : bundle.files) {
    if (path.ends_with(".py")) ++python;
    if (IsImage(path)) images.push_back(path);
  }
  Json problems = Json::array();
  for (const auto& image : images) {
    if (!package.empty() && image.starts_with(package) && image.find("/static/") == std::string::npos) {
      problems.push_back({{"file", image}, {"why", "an image inside the app package, where code is expected"}});
      finding.locations.push_back({image, 0});
    }
  }
  if (python == 0 && !images.empty()) {
    problems.push_back({{"files", images}, {"why", "the bundle's only code is in images"}});
    for (const auto& image : images) finding.locations.push_back({image, 0});
  }
  if (bundle.manifest.instructions) {
    const auto file = bundle.files.find(*bundle.manifest.instructions);
    if (file != bundle.files.end())
      for (const auto& image : CodeImagesInText(file->second)) {
        problems.push_back({{"instructions", *bundle.manifest.instructions}, {"image", image},
                            {"why", "the instructions show code as an image"}});
        finding.locations.push_back({*bundle.manifest.instructions, 0});
      }
  }
  finding.evidence = {{"images", images.size()}};
  if (problems.empty()) return {finding};
  finding.outcome = Outcome::kFail;
  finding.evidence["problems"] = problems;
  finding.message = "code is shown as images: " + problems.front()["why"].get<std::string>();
  return {finding};
}

}  // namespace pocsift
