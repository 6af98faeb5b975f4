// The GL window (see gl_window.h).
#include <glad/gl.h>  // the GL loader, generated at build time; before anything else that touches GL
#define GLFW_INCLUDE_NONE
#include "app/gl_window.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/gui_app.h"
#include "ui/theme.h"

namespace loopstep {

namespace {
std::string last_glfw_error;
void remember_glfw_error(int code, const char* description) {
  last_glfw_error = std::to_string(code) + ": " + (description ? description : "?");
}
}  // namespace

Glfw::Glfw() {
  glfwSetErrorCallback(remember_glfw_error);
  last_glfw_error.clear();
  ok = glfwInit() == GLFW_TRUE;
  if (!ok) error = last_glfw_error;
}

Glfw::~Glfw() {
  if (ok) glfwTerminate();
}

bool Window::create(int w, int h, bool visible, const char* title) {
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

Window::~Window() {
  if (!win_) return;
  if (ImGui::GetCurrentContext()) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  glfwDestroyWindow(win_);
}

float Window::content_scale() const {
  float x = 1, y = 1;
  glfwGetWindowContentScale(win_, &x, &y);
  return x;
}

void Window::style(GuiApp& app, float content_scale) {
  const float px = ui::font_size_px(content_scale, app.font_step, app.view.presenter);
  ui::build_fonts(*ImGui::GetIO().Fonts, px, app.view.fonts);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ui::apply_theme(app.view.presenter, px / 16.0f);
}

void Window::render_frame(GuiApp& app, double dt) {
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

}  // namespace loopstep
