// ApiInventory: the names one Django version documents, read from that version's Sphinx
// inventory (python-django-doc's objects.inv; parsed by engine/sphinx_inventory). The
// private-api rule asks it "is this django.* name documented, and as what?".
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace pocsift {

struct ApiInventory {
  std::string runtime_id;  // the runtime whose documentation this is, e.g. "4.2-bpo"
  std::string version;     // the inventory's "# Version:" line, e.g. "5.2"
  // py:* entries: dotted name -> role without the domain ("module", "class", "method", …).
  std::unordered_map<std::string, std::string> python;
  // Every proper dotted prefix of a py: name ("django.core.serializers" for
  // django.core.serializers.get_serializer): a namespace that holds documented API.
  std::unordered_set<std::string> namespaces;
  std::unordered_set<std::string> template_filters;  // std:templatefilter names
  std::unordered_set<std::string> template_tags;     // std:templatetag names

  // The role of `name`, or nullptr when the inventory does not list it.
  const std::string* Role(std::string_view name) const {
    const auto found = python.find(std::string(name));
    if (found != python.end()) return &found->second;
    static const std::string kNamespace = "namespace";
    return namespaces.contains(std::string(name)) ? &kNamespace : nullptr;
  }

  // Adds a py: entry and its prefixes.
  void AddPython(std::string name, std::string role) {
    for (auto dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1))
      namespaces.insert(name.substr(0, dot));
    python.emplace(std::move(name), std::move(role));
  }
};

}  // namespace pocsift
