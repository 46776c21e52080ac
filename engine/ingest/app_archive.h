// An archive attached to a report (.zip, .tar.gz, .tgz, .tar), unpacked as the app.
//
// Members go through the bundle readers' checks (engine/bundle_archive_reader.h,
// engine/bundle_files.h): path safety, links, devices, caps and bombs — nothing is written to
// disk here. An archive holding poc.json is a whole bundle and is taken as it is. Otherwise
// the app package is the folder holding urls.py (preferably with views.py), shallowest first;
// its files become "<package>/…", a templates/ folder beside it is moved into the package, and
// every other member (manage.py, the project's settings) is listed as unused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/bundle_files.h"
#include "engine/bundle_limits.h"
#include "engine/result.h"

namespace pocsift {

struct ArchiveApp {
  FileMap files;
  std::string package;  // empty when is_bundle
  bool is_bundle = false;
  std::vector<std::string> unused;  // member paths left out
};

bool IsArchiveName(std::string_view name);

// `name` is for messages. Fails (kBadInput) as LoadBundle would on a hostile archive, and when
// no app package can be found in it.
Result<ArchiveApp> UnpackAppArchive(std::string_view name, std::string_view bytes,
                                    const BundleLimits& limits = {});

}  // namespace pocsift
