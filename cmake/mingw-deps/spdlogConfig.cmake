# MinGW build: answers find_package() with Debian's header-only library (see include_dir.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/include_dir.cmake)
if(NOT TARGET spdlog::spdlog)
  # Debian's tweakme.h forces SPDLOG_FMT_EXTERNAL: fmt comes along, header-only.
  loopstep_mingw_include_dir(dir spdlog fmt)
  add_library(spdlog::spdlog INTERFACE IMPORTED)
  set_target_properties(spdlog::spdlog PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${dir}
    INTERFACE_COMPILE_DEFINITIONS "FMT_HEADER_ONLY;SPDLOG_HEADER_ONLY")
endif()
