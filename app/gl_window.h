// One GL window with Dear ImGui on it (GLFW 3.3, OpenGL 3.3 core): the desktop window, and a
// hidden one for the offscreen pictures (`screenshot`, `handout`).
#pragma once
#include <string>

struct GLFWwindow;

namespace loopstep {

class GuiApp;

// glfwInit for the lifetime of the object; `ok` says whether it worked (a display is there),
// `error` what GLFW said when it did not (its error callback's text), for the message.
struct Glfw {
  Glfw();
  ~Glfw();
  Glfw(const Glfw&) = delete;
  Glfw& operator=(const Glfw&) = delete;
  bool ok = false;
  std::string error;
};

class Window {
 public:
  Window() = default;
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool create(int w, int h, bool visible, const char* title);
  GLFWwindow* get() const { return win_; }
  float content_scale() const;
  // Fonts and theme for the app's current settings; rebuilds the GL font texture.
  void style(GuiApp& app, float content_scale);
  // One frame of the app into the bound framebuffer.
  void render_frame(GuiApp& app, double dt);

 private:
  GLFWwindow* win_ = nullptr;
};

}  // namespace loopstep
