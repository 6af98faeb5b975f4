// Pictures of the app without a window on screen: a hidden GL window and an offscreen
// framebuffer of the asked size; what `screenshot` and `handout` render with.
#pragma once
#include <memory>
#include <string>

#include "app/gl_window.h"

namespace loopstep {

class GuiApp;

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
