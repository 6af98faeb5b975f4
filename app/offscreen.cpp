// Offscreen pictures (see offscreen.h).
#include <glad/gl.h>  // before anything else that touches GL
#include "app/offscreen.h"

#include <imgui.h>
#include <stb/stb_image_write.h>

#include <cstdio>
#include <iostream>
#include <vector>

#include "app/bundled.h"

namespace loopstep {

bool parse_window_size(const std::string& text, int* w, int* h) {
  if (std::sscanf(text.c_str(), "%dx%d", w, h) == 2 && *w >= 200 && *h >= 150 && *w <= 8192 && *h <= 8192) return true;
  std::cerr << "--size: expected WxH (200x150 .. 8192x8192), got '" << text << "'\n";
  return false;
}

std::string Offscreen::create() {
  if (!glfw_.ok) return "cannot initialise GLFW (is there a display? try xvfb-run -a)";
  if (!window_.create(w_, h_, false, "loopstep offscreen")) return "cannot create an OpenGL 3.3 core context";
  ImGui::GetIO().IniFilename = nullptr;  // the default layout, always
  // Render into a framebuffer of our own: a hidden window's back buffer is not guaranteed.
  glGenFramebuffers(1, &fbo_);
  glGenRenderbuffers(1, &rb_);
  glBindRenderbuffer(GL_RENDERBUFFER, rb_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w_, h_);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb_);
  return "";
}

Offscreen::~Offscreen() {
  if (!fbo_) return;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteRenderbuffers(1, &rb_);
  glDeleteFramebuffers(1, &fbo_);
}

std::string Offscreen::png(GuiApp& app) {
  // A few frames: windows size themselves and tables settle before the picture is taken.
  for (int i = 0; i < 4; ++i) window_.render_frame(app, 1.0 / 60);
  std::vector<unsigned char> px(size_t(w_) * h_ * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w_, h_, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  stbi_flip_vertically_on_write(1);  // GL's rows go bottom-up
  std::string bytes;
  auto append = [](void* to, void* data, int n) { static_cast<std::string*>(to)->append(static_cast<const char*>(data), size_t(n)); };
  if (!stbi_write_png_to_func(append, &bytes, w_, h_, 4, px.data(), w_ * 4)) return "";
  return bytes;
}

OffscreenApp::OffscreenApp(int w, int h, const GuiArgs& a) : shot(w, h), app(bundled_scenario_dir(), a.engine_cmd) {
  app.view.presenter = a.screenshot_presenter;
  app.view.predict = a.predict;
}

std::unique_ptr<OffscreenApp> start_offscreen(const GuiArgs& a, const char* command, int* exit_code) {
  int w = 0, h = 0;
  *exit_code = 2;
  if (!parse_window_size(a.screenshot_size, &w, &h)) return nullptr;
  *exit_code = 1;
  auto o = std::make_unique<OffscreenApp>(w, h, a);
  if (std::string err = o->shot.create(); !err.empty()) {
    std::cerr << "loopstep " << command << ": " << err << "\n";
    return nullptr;
  }
  o->shot.style(o->app);
  return o;
}

}  // namespace loopstep
