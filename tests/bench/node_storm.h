// The fs.stat storm as a Node program, and running a program under `node`: the yardstick
// the fs.stat section (loopstep vs node) and the JS section (loopstep's JS lessons vs node) share.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>

namespace loopstep::bench {

// N fs.stat('f.txt') with K in flight; prints the milliseconds it took as its last line.
// Also a loopstep JS lesson (its front matter makes the sandbox's f.txt).
std::string storm_program(size_t n, int k);
// Runs `node file` in `dir` and returns the number its last line prints; -1 if it failed.
double node_ms(const std::filesystem::path& dir, const std::string& file);

}  // namespace loopstep::bench
