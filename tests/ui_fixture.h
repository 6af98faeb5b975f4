// An ImGui context without a window or GL for the ui tests: a built font atlas, a display
// size, GLFW's key map and the GL3 renderer's large-mesh flag, as the real window has them.
// Keys reach the app as the window's key callback delivers them.
#pragma once
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>  // key codes, as the GLFW backend feeds them
#include <imgui.h>

#include <initializer_list>

#include "app/gui_app.h"

namespace loopstep::test {

struct ImGuiFixture {
  explicit ImGuiFixture(float w = 1600, float h = 1000) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(w, h);
    io.DeltaTime = 1.0f / 60;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // the GL3 backend sets it (GL >= 3.2)
    const std::pair<ImGuiKey, int> keys[] = {
        {ImGuiKey_Tab, GLFW_KEY_TAB},        {ImGuiKey_LeftArrow, GLFW_KEY_LEFT}, {ImGuiKey_RightArrow, GLFW_KEY_RIGHT},
        {ImGuiKey_UpArrow, GLFW_KEY_UP},     {ImGuiKey_DownArrow, GLFW_KEY_DOWN}, {ImGuiKey_Home, GLFW_KEY_HOME},
        {ImGuiKey_End, GLFW_KEY_END},        {ImGuiKey_Backspace, GLFW_KEY_BACKSPACE},
        {ImGuiKey_Enter, GLFW_KEY_ENTER},    {ImGuiKey_Escape, GLFW_KEY_ESCAPE}, {ImGuiKey_KeyPadEnter, GLFW_KEY_KP_ENTER},
    };
    for (const auto& [k, glfw] : keys) io.KeyMap[k] = glfw;
    unsigned char* pixels = nullptr;
    int fw = 0, fh = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &fw, &fh);  // builds the atlas; no texture upload
  }
  ~ImGuiFixture() { ImGui::DestroyContext(); }
  ImGuiFixture(const ImGuiFixture&) = delete;
  ImGuiFixture& operator=(const ImGuiFixture&) = delete;

  void resize(float w, float h) { ImGui::GetIO().DisplaySize = ImVec2(w, h); }

  // One frame; `key` is pressed during it (the callback's press and ImGui's key state) and
  // released by the next frame.
  void frame(GuiApp& app, int key = -1, bool ctrl = false) {
    if (key < 0) return draw(app);
    press(app, {key}, ctrl);
  }
  // Presses and releases each key before one frame is drawn: a clicker's quick taps.
  void press(GuiApp& app, std::initializer_list<int> keys, bool ctrl = false) {
    for (int k : keys) app.key_pressed(ui::KeyPress{k, ctrl, false});
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    for (int k : keys) io.KeysDown[k] = true;
    draw(app);
    for (int k : keys) io.KeysDown[k] = false;
    io.KeyCtrl = false;
    draw(app);  // release
  }
  void draw(GuiApp& app) {
    ImGui::NewFrame();
    app.frame(1.0 / 60);
    ImGui::Render();
  }
};

}  // namespace loopstep::test
