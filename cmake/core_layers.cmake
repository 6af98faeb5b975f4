# The include rules between core/'s folders (issue 10): each folder may include the folders
# listed for it and nothing else of core/. Lower layers first; a back-edge fails the build
# (cmake/check_core_layers.cmake, run before loopstep_core compiles).
set(CORE_LAYERS record gate scenario sandbox engine net node unix win trace remote story compare hunt)
set(CORE_ALLOWED_record   "")
set(CORE_ALLOWED_gate     record)
set(CORE_ALLOWED_scenario record gate)
set(CORE_ALLOWED_sandbox  record scenario)
set(CORE_ALLOWED_engine   record gate scenario sandbox)
set(CORE_ALLOWED_net      record gate scenario sandbox engine)
set(CORE_ALLOWED_node     record gate scenario sandbox engine)
set(CORE_ALLOWED_unix     record gate scenario sandbox engine net node)
set(CORE_ALLOWED_win      record gate scenario sandbox engine net node)
set(CORE_ALLOWED_trace    record)
set(CORE_ALLOWED_remote   record gate scenario engine trace)
set(CORE_ALLOWED_story    record scenario trace node)
set(CORE_ALLOWED_compare  record gate scenario engine trace story)
set(CORE_ALLOWED_hunt     record gate scenario engine trace)
