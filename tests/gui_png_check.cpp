// Checks a screenshot: the requested size, not blank, several distinct colours (lanes,
// spans and text drawn). Usage: gui_png_check PNG WIDTH HEIGHT
#include <stb/stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <set>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gui_png_check PNG WIDTH HEIGHT\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "%s: cannot read: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  std::set<unsigned> colours;
  long cursor_px = 0;  // the timeline's cursor line and step tag (ui::highlight_color)
  for (int i = 0; i < w * h; ++i) {
    const unsigned c = unsigned(px[i * 3]) << 16 | unsigned(px[i * 3 + 1]) << 8 | px[i * 3 + 2];
    colours.insert(c);
    cursor_px += c == 0xff6edc;
  }
  stbi_image_free(px);
  std::printf("%s: %dx%d, %zu distinct colours, %ld cursor pixels\n", argv[1], w, h, colours.size(), cursor_px);
  if (w != std::atoi(argv[2]) || h != std::atoi(argv[3])) {
    std::fprintf(stderr, "expected %sx%s\n", argv[2], argv[3]);
    return 1;
  }
  if (cursor_px < 50) {
    std::fprintf(stderr, "no timeline cursor drawn (%ld pixels of its colour)\n", cursor_px);
    return 1;
  }
  if (colours.size() < 16) {
    std::fprintf(stderr, "looks blank: fewer than 16 distinct colours\n");
    return 1;
  }
  return 0;
}
