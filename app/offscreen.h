// Pictures of the app without a window on screen: a hidden GL window and an offscreen
// framebuffer of the asked size; what `screenshot` and `handout` render with.
#pragma once
#include <memory>
#include <string>

#include "app/gl_window.h"
#include "app/gui_app.h"
#include "app/gui_entry.h"

namespace loopstep {

// "1600x1000" -> 1600, 1000; false (and a message on stderr) outside 200x150 .. 8192x8192.
bool parse_window_size(const std::string& text, int* w, int* h);

class Offscreen {
 public:
  Offscreen(int w, int h) : w_(w), h_(h) {}
  ~Offscreen();
  Offscreen(const Offscreen&) = delete;
  Offscreen& operator=(const Offscreen&) = delete;

  // "" or what went wrong ("cannot initialise GLFW (is there a display? try xvfb-run -a)").
  // The ImGui context exists from here on, with the default layout (no imgui.ini).
  std::string create();
  // The app's fonts and theme (its presenter setting), before it opens anything.
  void style(GuiApp& app) { window_.style(app, 1.0f); }
  // A few frames of the app as it stands, returned as PNG bytes ("" when encoding failed).
  std::string png(GuiApp& app);

 private:
  int w_, h_;
  Glfw glfw_;
  Window window_;
  unsigned fbo_ = 0, rb_ = 0;
};

}  // namespace loopstep

namespace loopstep {

// What `screenshot` and `handout` start from: the offscreen window of --size and the app,
// styled for it (--presenter), before it opens the lesson. The app goes before the window.
struct OffscreenApp {
  OffscreenApp(int w, int h, const GuiArgs& a);
  Offscreen shot;
  GuiApp app;
};
// nullptr after saying why on stderr ("loopstep COMMAND: ..."); *exit_code is then 2 for a bad
// --size, else 1.
std::unique_ptr<OffscreenApp> start_offscreen(const GuiArgs& a, const char* command, int* exit_code);

}  // namespace loopstep
