// The handout command (see handout_command.h). Everything is checked and rendered before a
// file is written, and the files are written all at once or not at all.
#include "app/handout_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "app/offscreen.h"
#include "core/story/handout.h"

namespace loopstep {

void add_handout_subcommand(CLI::App& app, GuiArgs& args) {
  auto* cmd = app.add_subcommand("handout", "write a PNG of the window at each step and an HTML page with their narrations");
  cmd->add_option("file", args.handout_file, "scenario file or saved recording (.jsonl)")->required();
  cmd->add_option("--steps", args.handout_steps, "the steps, separated by commas: 3,12,26 (step N = the N-th event, as `run` numbers them)")
      ->required();
  cmd->add_option("--out", args.handout_out, "folder for handout.html and step-N.png (created when missing)")->required();
  cmd->add_option("--size", args.screenshot_size, "window size WxH (default 1600x1000)");
  cmd->add_flag("--presenter", args.screenshot_presenter, "presenter mode (big font, high contrast)");
  add_moment_options(cmd, args.handout, nullptr);
  args.handout_cmd = cmd;
}

int run_handout(const GuiArgs& a) {
  auto parsed = parse_step_list(a.handout_steps);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    std::cerr << *err << "\n";
    return 2;
  }
  const std::vector<size_t> steps = std::get<std::vector<size_t>>(std::move(parsed));
  int exit_code = 0;
  std::unique_ptr<OffscreenApp> offscreen = start_offscreen(a, "handout", &exit_code);
  if (!offscreen) return exit_code;
  GuiApp& app = offscreen->app;
  Offscreen& shot = offscreen->shot;
  if (!app.open(a.handout_file, open_at(a.handout))) {
    std::cerr << app.last_error() << "\n";
    return 1;
  }
  // In step order, each picture taken when its step is first reached: the timeline shows
  // what happened so far, as a student stepping there sees it, never the run's future.
  std::vector<size_t> in_order = steps;
  std::sort(in_order.begin(), in_order.end());
  std::map<size_t, HandoutStep> taken;
  for (size_t step : in_order) {
    if (const size_t reached = app.go_to_step(step); reached < step) {
      std::cerr << a.handout_file << ": step " << step << " is beyond the end: the run has " << reached << " steps; nothing was written\n";
      return 1;
    }
    HandoutStep p{step_story(app.recording(), step, app.notes()), handout_picture_name(step), shot.png(app), app.command_for_moment()};
    if (p.png.empty()) {
      std::cerr << "loopstep handout: cannot encode the picture of step " << step << " as PNG; nothing was written\n";
      return 1;
    }
    taken.emplace(step, std::move(p));
  }
  std::vector<HandoutStep> pages;  // in the order the teacher listed them
  std::vector<std::pair<std::string, std::string>> files;
  for (size_t step : steps) {
    files.emplace_back(taken.at(step).picture_file, taken.at(step).png);
    pages.push_back(std::move(taken.at(step)));
  }
  const std::string lesson = std::filesystem::path(a.handout_file).filename().string();
  files.emplace_back("handout.html", handout_html(app.recording().info(), lesson, pages));
  if (std::string err = write_all_or_nothing(a.handout_out, files); !err.empty()) {
    std::cerr << err << "\n";
    return 1;
  }
  std::cout << "wrote " << (std::filesystem::path(a.handout_out) / "handout.html").string() << " and " << steps.size()
            << " pictures (" << a.handout_steps << ")\n";
  return 0;
}

}  // namespace loopstep
