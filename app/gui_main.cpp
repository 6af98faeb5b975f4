// The window: the frame loop, file drops, full screen, imgui.ini in the user's config folder,
// and the offscreen `screenshot` command (app/offscreen.h; `handout` in handout_command.cpp).
// What is drawn is GuiApp's; this file only hosts it.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/bundled.h"
#include "app/gl_window.h"
#include "app/gui_app.h"
#include "app/gui_entry.h"
#include "app/handout_command.h"
#include "app/offscreen.h"
#include "core/trace/recording_file.h"

namespace loopstep {
namespace {

// The user's config folder, $XDG_CONFIG_HOME/loopstep (or ~/.config/loopstep), made when
// missing; "" when there is none. imgui.ini and predict mode's scores live there, never in the cwd.
std::string config_dir() {
  std::filesystem::path dir;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) dir = x;
  else if (const char* h = std::getenv("HOME"); h && *h) dir = std::filesystem::path(h) / ".config";
  else return "";
  dir /= "loopstep";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return ec ? "" : dir.string();
}

std::string ini_path() {
  const std::string dir = config_dir();
  return dir.empty() ? "" : dir + "/imgui.ini";
}

std::vector<std::string> g_dropped;  // filled by the drop callback, drained by the frame loop
GuiApp* g_key_target = nullptr;      // the window's app: every press GLFW reports reaches it

// ImGui's backend keeps io.KeysDown (widgets read it); the app gets each press and repeat
// itself, because a press released within the same frame never shows in KeysDown.
// ImGui 1.86's widgets (a text field's Enter) read io.KeysDown once a frame, so a key pressed
// and released between two frames would never be down for them: such a release waits until
// the next frame has seen the key down (release_deferred_keys, after each frame).
struct DeferredRelease {
  int key, scancode, mods;
};
std::vector<int> g_pressed_since_frame;
std::vector<DeferredRelease> g_deferred_releases;

void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
  if (action == GLFW_RELEASE && std::find(g_pressed_since_frame.begin(), g_pressed_since_frame.end(), key) != g_pressed_since_frame.end()) {
    g_deferred_releases.push_back({key, scancode, mods});
    return;
  }
  if (action == GLFW_PRESS) g_pressed_since_frame.push_back(key);
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
  if (g_key_target && (action == GLFW_PRESS || action == GLFW_REPEAT))
    g_key_target->key_pressed(ui::KeyPress{key, (mods & GLFW_MOD_CONTROL) != 0, action == GLFW_REPEAT});
}

void release_deferred_keys(GLFWwindow* w) {
  g_pressed_since_frame.clear();
  for (const DeferredRelease& r : g_deferred_releases) ImGui_ImplGlfw_KeyCallback(w, r.key, r.scancode, GLFW_RELEASE, r.mods);
  g_deferred_releases.clear();
}

void toggle_fullscreen(GLFWwindow* w, int saved[4]) {
  if (glfwGetWindowMonitor(w)) {
    glfwSetWindowMonitor(w, nullptr, saved[0], saved[1], saved[2], saved[3], 0);
    return;
  }
  glfwGetWindowPos(w, &saved[0], &saved[1]);
  glfwGetWindowSize(w, &saved[2], &saved[3]);
  GLFWmonitor* m = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = glfwGetVideoMode(m);
  glfwSetWindowMonitor(w, m, 0, 0, mode->width, mode->height, mode->refreshRate);
}

int run_screenshot(const GuiArgs& a) {
  int exit_code = 0;
  std::unique_ptr<OffscreenApp> offscreen = start_offscreen(a, "screenshot", &exit_code);
  if (!offscreen) return exit_code;
  GuiApp& app = offscreen->app;
  const bool compare = !a.compare_a.empty() || !a.compare_b.empty();
  OpenAt at = open_at(a.screenshot);
  if (compare) at.step.reset();  // --steps is the Compare view's position
  if (!app.open(a.screenshot_file, at)) {
    std::cerr << app.last_error() << "\n";
    return 1;
  }
  if (compare) {
    if (!app.open_compare(a.compare_a, a.compare_b)) {
      std::cerr << app.last_error() << "\n";
      return 1;
    }
    app.compare_go_to(size_t(std::max(0, a.screenshot.step)));
    if (a.screenshot.step >= int(app.compare_positions()))
      std::cerr << a.screenshot_file << ": the comparison has positions 0 to " << app.compare_positions() - 1 << "; the picture shows the last\n";
  } else if (a.screenshot.step > int(app.cursor())) {
    std::cerr << a.screenshot_file << ": the run ends at step " << app.cursor() << "; the picture shows that step\n";
  }
  const std::string png = offscreen->shot.png(app);
  if (png.empty()) {
    std::cerr << "cannot encode the picture as PNG\n";
    return 1;
  }
  if (std::string err = save_atomically(a.screenshot_out, [&](std::ostream& out) { out << png; }); !err.empty()) {
    std::cerr << err << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_gui_subcommands(CLI::App& app, GuiArgs& args) {
  auto* shot = app.add_subcommand("screenshot", "render the window offscreen at step N and write a PNG");
  shot->add_option("file", args.screenshot_file, "scenario file or saved recording (.jsonl)")->required();
  add_moment_options(shot, args.screenshot, "--steps");
  shot->add_option("--out", args.screenshot_out, "PNG to write")->required();
  shot->add_option("--size", args.screenshot_size, "window size WxH (default 1600x1000)");
  shot->add_flag("--presenter", args.screenshot_presenter, "presenter mode (big font, high contrast)");
  shot->add_flag("--predict", args.predict, "predict mode: the question about the next step instead of the answer");
  shot->add_option("--compare-a", args.compare_a, "the Compare view: run A's switches (as `compare --a`); --steps is then the view's position");
  shot->add_option("--compare-b", args.compare_b, "the Compare view: run B's switches (as `compare --b`)");
  shot->add_option("--engine-cmd", args.engine_cmd, "step the engine in a child process (see `loopstep --help`)");
  args.screenshot_cmd = shot;
  add_handout_subcommand(app, args);
}

int run_gui_subcommands(const GuiArgs& args) {
  auto* shot = static_cast<CLI::App*>(args.screenshot_cmd);
  if (shot && shot->parsed()) return run_screenshot(args);
  auto* handout = static_cast<CLI::App*>(args.handout_cmd);
  if (handout && handout->parsed()) return run_handout(args);
  return -1;
}

// One glfwInit for the process: asking whether a display is there and then opening the window
// on it is one initialisation, not two (a glfwInit after glfwTerminate failed now and then
// under load, which left a class's `make run` without its window).
static Glfw& glfw_once() {
  static Glfw glfw;
  return glfw;
}

bool gui_available() {
  const char* x = std::getenv("DISPLAY");
  const char* wl = std::getenv("WAYLAND_DISPLAY");
  if (!(x && *x) && !(wl && *wl)) return false;
  return glfw_once().ok;
}

int run_gui(const std::string& scenario_file, const GuiArgs& args) {
  Glfw& glfw = glfw_once();
  if (!glfw.ok) {
    std::cerr << "loopstep: cannot initialise GLFW" << (glfw.error.empty() ? "" : " (GLFW error " + glfw.error + ")") << "\n";
    return 1;
  }
  Window win;
  if (!win.create(1600, 1000, true, "loopstep: a real event loop, one step at a time")) {
    std::cerr << "loopstep: cannot create an OpenGL 3.3 core context\n";
    return 1;
  }
  static const std::string ini = ini_path();  // ImGui keeps the pointer
  ImGui::GetIO().IniFilename = ini.empty() ? nullptr : ini.c_str();
  GuiApp app(bundled_scenario_dir(), args.engine_cmd);
  app.view.predict = args.predict;
  app.set_config_dir(config_dir());
  win.style(app, win.content_scale());
  // The scenario is opened after the fonts exist: a load error shows in the window's modal.
  if (const std::string fallback = default_scenario(); !app.open(scenario_file, open_at(args.window)) && scenario_file != fallback)
    app.open(fallback);
  g_key_target = &app;
  glfwSetKeyCallback(win.get(), on_key);
  glfwSetDropCallback(win.get(), [](GLFWwindow*, int n, const char** paths) {
    for (int i = 0; i < n; ++i) g_dropped.emplace_back(paths[i]);
  });
  glfwSwapInterval(1);
  int saved[4] = {100, 100, 1600, 1000};
  double last = glfwGetTime();
  // LOOPSTEP_EXIT_AFTER_FIRST_FRAME=1: the start-up benchmark's probe (process start to the
  // first frame on screen).
  const bool probe = std::getenv("LOOPSTEP_EXIT_AFTER_FIRST_FRAME") != nullptr;
  std::string title;
  while (!glfwWindowShouldClose(win.get()) && !app.window.quit) {
    for (const std::string& p : g_dropped) app.open(p);
    g_dropped.clear();
    if (app.window.fonts_changed) {
      win.style(app, win.content_scale());
      app.window.fonts_changed = false;
    }
    if (app.window.toggle_fullscreen) {
      toggle_fullscreen(win.get(), saved);
      app.window.toggle_fullscreen = false;
    }
    if (std::string t = app.window_title(); t != title) glfwSetWindowTitle(win.get(), (title = t).c_str());
    const double now = glfwGetTime();
    win.render_frame(app, now - last);
    release_deferred_keys(win.get());
    last = now;
    glfwSwapBuffers(win.get());
    if (probe) break;
    // Idle when nothing moves (input, drops and the hot-reload poll wake it); smooth when playing.
    if (app.playing()) glfwPollEvents();
    else glfwWaitEventsTimeout(0.1);
  }
  g_key_target = nullptr;
  return 0;
}

}  // namespace loopstep
