# MinGW build: answers find_package() with Debian's header-only library (see include_dir.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/include_dir.cmake)
if(NOT TARGET fmt::fmt-header-only)
  loopstep_mingw_include_dir(dir fmt)
  add_library(fmt::fmt-header-only INTERFACE IMPORTED)
  set_target_properties(fmt::fmt-header-only PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${dir}
    INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY)
endif()
