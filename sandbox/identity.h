// Identity: the interpreter runs as an unprivileged user of its user namespace, with no
// capabilities at all (capabilities(7)).
#pragma once

#include <cstdint>

#include "engine/result.h"

namespace pocsift::sandbox {

// Empties the capability bounding set, drops supplementary groups (when `privileged`, i.e.
// setgroups(2) is allowed in the namespace), then switches real, effective and saved ids to
// `uid`/`gid`, and empties the permitted, effective, inheritable and ambient sets.
// Verifies with capget(2) that nothing is left. Call in the child, before no_new_privs and seccomp.
Status BecomeSandboxUser(std::uint32_t uid, std::uint32_t gid, bool privileged);

// For a fork server (child_plan.h): becomes uid/gid 0 of the sandbox's user namespace with no
// supplementary groups, keeping the capabilities the namespace gives its creator. They hold
// only over this namespace's own objects (its mounts, its children's namespaces); each child
// drops them all before any untrusted code runs (fixtures/harness/confine.py).
Status BecomeServerRoot();

}  // namespace pocsift::sandbox
