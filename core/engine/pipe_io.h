// Pipes to a child process that may die at any moment (the engine process, node): made by
// the platform (core/unix/pipe_io.cpp). A dead reader is an error returned, never SIGPIPE.
#pragma once
#include <string>
#include <string_view>

namespace loopstep {

// Appends what `fd` has to *out, waiting up to timeout_ms (-1 = forever). Returns the bytes
// read (> 0), 0 at the end (the writer is gone), -1 on timeout.
int read_some(int fd, std::string* out, int timeout_ms);
bool write_all(int fd, std::string_view data);  // false: the reader is gone
std::string read_available(int fd);              // what is there now, without waiting (<= 64 KiB)

}  // namespace loopstep
