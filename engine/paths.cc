#include "engine/paths.h"

#include <cstdlib>

#ifndef POCSIFT_DEFAULT_HOME
#error "POCSIFT_DEFAULT_HOME must be defined by the build"
#endif

namespace pocsift {

std::filesystem::path PocsiftHome() {
  if (const char* home = std::getenv("POCSIFT_HOME"); home != nullptr && *home != '\0')
    return home;
  return POCSIFT_DEFAULT_HOME;
}

std::filesystem::path CacheRoot() {
  if (const char* cache = std::getenv("POCSIFT_CACHE"); cache != nullptr && *cache != '\0')
    return cache;
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr && *home != '\0' ? home : "/root") / ".cache" /
         "pocsift";
}

}  // namespace pocsift
