// Decides what a code block of a report is: a file of the Django app (views.py, urls.py,
// models.py, forms.py …), a template, settings overrides, a fixture, shell commands (curl),
// a raw HTTP request, or something the bundle format has no place for.
//
// A file name given by the report wins: in the fence's info string ("python title=views.py"),
// on the line before the fence ("**pocapp/views.py**"), or in a first-line comment
// ("# pocapp/urls.py", "{# search.html #}"). Without one, the content decides (urlpatterns →
// urls.py, models.Model → models.py, a function taking request → views.py, upper-case
// assignments only → settings, {% %}/{{ }} with markup → a template).
#pragma once

#include <string>

#include "engine/ingest/markdown_report.h"

namespace pocsift {

enum class BlockKind { kAppFile, kTemplate, kSettings, kFixture, kShell, kHttp, kUnmapped };

struct BlockPlacement {
  BlockKind kind = BlockKind::kUnmapped;
  // kAppFile: the path inside the package ("views.py"); kTemplate: the path under templates/
  // ("search.html", "" when the report does not name it); kFixture: the file name.
  std::string path;
  std::string package_hint;  // a package named by the report's path ("pocapp/views.py")
  std::string reason;        // kUnmapped: why, in a few words
};

BlockPlacement ClassifyBlock(const CodeBlock& block);

// True for a valid Python package name that is not Django's own or a standard one.
bool IsPackageName(const std::string& name);

}  // namespace pocsift
