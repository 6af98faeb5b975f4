// Nothing left behind (issue 13.9, 11.3): every live sandbox folder is named
// `loopstep-<pid>-XXXXXX` and holds an flock on itself for the life of its Sandbox, so that
//  - a process starting its first sandbox removes the folders of owners that are gone (the
//    lock is free and the pid is not alive: killed, crashed), never a live one's, and
//  - a signal that ends the process (SIGINT, SIGTERM, SIGHUP) first removes its own folders.
#pragma once
#include <string>

namespace loopstep {

// The live sandboxes of this process (sandbox.cpp adds and drops its folder).
void sandbox_registered(const std::string& root);
void sandbox_unregistered(const std::string& root);

// Removes `loopstep-<pid>-*` folders in `tmpdir` whose lock is free and whose pid is not a
// live process. Returns how many were removed.
int remove_orphan_sandboxes(const std::string& tmpdir);

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (call it before any other thread
// starts: they inherit the mask) and starts a thread that waits for them; on one it removes
// this process's sandboxes, then dies of that signal, as it would have without the handler.
void remove_sandboxes_on_signals();

}  // namespace loopstep
