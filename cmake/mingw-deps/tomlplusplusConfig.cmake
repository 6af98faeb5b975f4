# MinGW build: answers find_package() with Debian's header-only library (see include_dir.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/include_dir.cmake)
if(NOT TARGET tomlplusplus::tomlplusplus)
  loopstep_mingw_include_dir(dir toml++)
  add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
  set_target_properties(tomlplusplus::tomlplusplus PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${dir})
endif()
