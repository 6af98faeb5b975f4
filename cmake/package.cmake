# `make package` (issue 11): a .deb that installs loopstep, its bundled lessons, a .desktop
# entry, an icon and the MIME type of recordings. The narration is compiled into the binary;
# app/bundled.cpp finds the lessons in PREFIX/share/loopstep/scenarios.
include(GNUInstallDirs)
install(TARGETS loopstep RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/loopstep/scenarios
        FILES_MATCHING PATTERN "*.toml" PATTERN "*.js" PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/assets/desktop/loopstep.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/assets/desktop/loopstep.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/assets/desktop/loopstep-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME loopstep.xml)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME loopstep)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "loopstep developers <loopstep@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch and single-step a real async I/O event loop")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The shared libraries' packages (GLFW, spdlog, fmt...) as dpkg-shlibdeps finds them, plus
# what is loaded at run time and so invisible to it: GL (glad and GLFW dlopen it) and the
# DejaVu fonts (ui/theme.cpp).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgl1, fonts-dejavu-core")
# JS lessons run on node (the default lesson too; without it the TOML twin opens).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgl1-mesa-dri, nodejs")
include(CPack)
