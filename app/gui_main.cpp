// The window: GLFW 3.3 + OpenGL 3.3 core + Dear ImGui, the frame loop, file drops, full
// screen, fonts (HiDPI), imgui.ini in the user's config folder, and the offscreen
// `screenshot` command. What is drawn is GuiApp's; this file only hosts it.
#include <glad/gl.h>  // the GL loader, generated at build time; before anything else that touches GL
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb/stb_image_write.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/bundled.h"
#include "app/gui_app.h"
#include "app/gui_entry.h"
#include "ui/theme.h"

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

// One GL window with ImGui on it; the screenshot uses a hidden one.
class Window {
 public:
  bool create(int w, int h, bool visible, const char* title) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    win_ = glfwCreateWindow(w, h, title, nullptr, nullptr);
    if (!win_) return false;
    glfwMakeContextCurrent(win_);
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress))) return false;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(win_, visible);  // a hidden window takes no input
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return true;
  }
  ~Window() {
    if (!win_) return;
    if (ImGui::GetCurrentContext()) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
    }
    glfwDestroyWindow(win_);
  }
  GLFWwindow* get() const { return win_; }
  float content_scale() const {
    float x = 1, y = 1;
    glfwGetWindowContentScale(win_, &x, &y);
    return x;
  }
  // Fonts and theme for the app's current settings; rebuilds the GL font texture.
  void style(GuiApp& app, float content_scale) {
    const float px = ui::font_size_px(content_scale, app.font_step, app.view.presenter);
    ui::build_fonts(*ImGui::GetIO().Fonts, px, app.view.fonts);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    ui::apply_theme(app.view.presenter, px / 16.0f);
  }
  void render_frame(GuiApp& app, double dt) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app.frame(dt);
    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(win_, &w, &h);
    glViewport(0, 0, w, h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x * 0.8f, bg.y * 0.8f, bg.z * 0.8f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }

 private:
  GLFWwindow* win_ = nullptr;
};

struct Glfw {
  bool ok = glfwInit() == GLFW_TRUE;
  ~Glfw() {
    if (ok) glfwTerminate();
  }
};

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
  int w = 0, h = 0;
  if (std::sscanf(a.screenshot_size.c_str(), "%dx%d", &w, &h) != 2 || w < 200 || h < 150 || w > 8192 || h > 8192) {
    std::cerr << "--size: expected WxH (200x150 .. 8192x8192), got '" << a.screenshot_size << "'\n";
    return 2;
  }
  Glfw glfw;
  if (!glfw.ok) {
    std::cerr << "loopstep screenshot: cannot initialise GLFW (is there a display? try xvfb-run -a)\n";
    return 1;
  }
  Window win;
  if (!win.create(w, h, false, "loopstep screenshot")) {
    std::cerr << "loopstep screenshot: cannot create an OpenGL 3.3 core context\n";
    return 1;
  }
  ImGui::GetIO().IniFilename = nullptr;  // the default layout, always
  GuiApp app(bundled_scenario_dir(), a.engine_cmd);
  app.view.presenter = a.screenshot_presenter;
  app.view.predict = a.predict;
  win.style(app, 1.0f);
  if (!app.open(a.screenshot_file)) {
    std::cerr << app.last_error() << "\n";
    return 1;
  }
  app.step_forward(size_t(std::max(0, a.screenshot_steps)));
  // Render into an offscreen framebuffer: a hidden window's back buffer is not guaranteed.
  GLuint fbo = 0, rb = 0;
  glGenFramebuffers(1, &fbo);
  glGenRenderbuffers(1, &rb);
  glBindRenderbuffer(GL_RENDERBUFFER, rb);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
  // A few frames: windows size themselves and tables settle before the picture is taken.
  for (int i = 0; i < 4; ++i) win.render_frame(app, 1.0 / 60);
  std::vector<unsigned char> px(size_t(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteRenderbuffers(1, &rb);
  glDeleteFramebuffers(1, &fbo);
  stbi_flip_vertically_on_write(1);  // GL's rows go bottom-up
  if (!stbi_write_png(a.screenshot_out.c_str(), w, h, 4, px.data(), w * 4)) {
    std::cerr << "cannot write " << a.screenshot_out << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

void add_gui_subcommands(CLI::App& app, GuiArgs& args) {
  auto* shot = app.add_subcommand("screenshot", "render the window offscreen after N steps and write a PNG");
  shot->add_option("file", args.screenshot_file, "scenario file")->required();
  shot->add_option("--steps", args.screenshot_steps, "steps to take first")->check(CLI::NonNegativeNumber);
  shot->add_option("--out", args.screenshot_out, "PNG to write")->required();
  shot->add_option("--size", args.screenshot_size, "window size WxH (default 1600x1000)");
  shot->add_flag("--presenter", args.screenshot_presenter, "presenter mode (big font, high contrast)");
  shot->add_flag("--predict", args.predict, "predict mode: the question about the next step instead of the answer");
  shot->add_option("--engine-cmd", args.engine_cmd, "step the engine in a child process (see `loopstep --help`)");
  args.subcommand = shot;
}

int run_gui_subcommands(const GuiArgs& args) {
  auto* shot = static_cast<CLI::App*>(args.subcommand);
  if (shot && shot->parsed()) return run_screenshot(args);
  return -1;
}

bool gui_available() {
  const char* x = std::getenv("DISPLAY");
  const char* wl = std::getenv("WAYLAND_DISPLAY");
  if (!(x && *x) && !(wl && *wl)) return false;
  Glfw glfw;
  return glfw.ok;
}

int run_gui(const std::string& scenario_file, const GuiArgs& args) {
  Glfw glfw;
  if (!glfw.ok) {
    std::cerr << "loopstep: cannot initialise GLFW\n";
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
  if (const std::string fallback = default_scenario(); !app.open(scenario_file) && scenario_file != fallback) app.open(fallback);
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
