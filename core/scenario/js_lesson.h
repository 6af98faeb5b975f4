// JS lessons (DESIGN §11): a .js file is the program; its settings are TOML front matter in
// the file's first block comment, when that comment's first line is exactly `/* loopstep`.
// Only the parser includes this.
#pragma once
#include <string_view>

#include "core/scenario/scenario.h"

namespace loopstep {

bool is_js_lesson(std::string_view file_name);  // by its name: "*.js", "*.cjs"

// The lesson's settings and sandbox from its front matter (defaults without one). The
// JavaScript itself is node's to check (core/node/lesson_check.h).
ScenarioResult parse_js_lesson(std::string_view text, const std::string& file_name);

// A file's settings before its header (scenario_parse.cpp): Linux's real setup, epoll and
// libuv's pool of 4; a JS lesson's iocp wait as node's libuv dequeues (128 packets).
RunConfig lesson_defaults(bool js);

// scenario_parse.cpp: reads TOML into `scenario` (whose file, js and source fields are set).
ScenarioResult read_toml(std::string_view text, Scenario scenario);

}  // namespace loopstep
