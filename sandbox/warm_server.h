// The warm fork server, helper side: `pocsift-sandbox --server` (helper_main.cc).
//
// One helper per Django runtime keeps a confined fork server alive across runs: a sandbox
// built exactly as a cold run's (namespaces, read-only root, binds, tmpfs, rlimits; child_plan.h
// `server`), whose interpreter runs fixtures/harness/zygote.py. The server imports Django and
// the harness, migrates a template database for the default apps, then forks one child per
// run; each child builds its own mount, PID, IPC and UTS namespaces, a fresh tmpfs, binds only
// its own bundle, becomes the unprivileged sandbox user, sets the run's rlimits and installs
// the run's seccomp filter (the same program a cold run gets, compiled here) before any of
// the bundle's code is imported. docs/warm-runs.md says what is shared and why it is safe.
//
// Protocol on the helper's stdin/stdout, one frame each (channel.h):
//   engine → {"server": RequestToJson(r)}   r.bundle: the spool folder (each run's bundle
//                                              is a folder inside it); r.python_args: the
//                                              zygote; r.limits: the server's own bounds
//   helper → {"ok": true, "ready": {"django", "python", "setup_ms", "calibration_ms"}}
//            or {"ok": false, "error": …}
//   engine → {"run": RequestToJson(r)}      r.bundle: a folder directly inside the spool;
//                                              r.input, r.limits as for a cold run;
//                                              r.python_args: the harness's run.py, or
//                                              another script, run with runpy in the child
//   helper → {"ok": true, "result": ResultToJson(…), "anomaly": "…"}   (anomaly: present
//            when the server misbehaved: died, sent nonsense, failed a child's set-up, or
//            did not report a killed run gone; the engine then replaces it)
//            or {"ok": false, "error": …}  (the run could not be started)
// End of file on stdin ends the server and its whole tree.
#pragma once

namespace pocsift::sandbox {

// Serves until stdin closes or the server dies. Returns the helper's exit code.
int ServeWarm(int in_fd, int out_fd);

}  // namespace pocsift::sandbox
