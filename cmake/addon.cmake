# The Node-API addon. Its sources are compiled once (spsolve_objects); each addon target links
# them with one BLAS and its own native/core/build_flavor.cc, which records what the target is.
execute_process(COMMAND node -p "require('node-addon-api').include"
                WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                OUTPUT_VARIABLE NODE_ADDON_API_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REPLACE "\"" "" NODE_ADDON_API_DIR "${NODE_ADDON_API_DIR}")

file(GLOB_RECURSE addon_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/native/*.cc)
list(FILTER addon_sources EXCLUDE REGEX "/build_flavor\\.cc$|/native/blas/")
if(NOT SPSOLVE_AMG)
  list(FILTER addon_sources EXCLUDE REGEX "/native/hypre/")
endif()

# NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS: a JS exception cannot be thrown into an environment
# that is being torn down (a worker_thread terminated while it loads or calls the addon); without
# it node-addon-api's rethrow aborts the whole process.
set(SPSOLVE_ADDON_DEFINES NAPI_VERSION=9 NAPI_CPP_EXCEPTIONS NODE_ADDON_API_DISABLE_DEPRECATED
    NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS)

add_library(spsolve_objects OBJECT ${addon_sources})
set_target_properties(spsolve_objects PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON)
target_include_directories(spsolve_objects PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/native ${CMAKE_JS_INC} ${NODE_ADDON_API_DIR})
target_compile_definitions(spsolve_objects PRIVATE ${SPSOLVE_ADDON_DEFINES})
target_compile_options(spsolve_objects PRIVATE -Wall -Wextra -Wno-unused-parameter)
target_link_libraries(spsolve_objects PRIVATE spsolve_cholmod spsolve_lu spsolve_tiled_blas)
if(SPSOLVE_AMG)
  target_link_libraries(spsolve_objects PRIVATE spsolve_hypre)
  target_compile_definitions(spsolve_objects PRIVATE SPSOLVE_AMG)
endif()

# spsolve_addon(<target> <directory the .node is copied to> <BLAS target>)
function(spsolve_addon name dir blas)
  add_library(${name} SHARED $<TARGET_OBJECTS:spsolve_objects> ${CMAKE_CURRENT_SOURCE_DIR}/native/core/build_flavor.cc ${CMAKE_JS_SRC})
  set_target_properties(${name} PROPERTIES PREFIX "" SUFFIX ".node" OUTPUT_NAME "spsolve"
                        CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/native ${CMAKE_JS_INC} ${NODE_ADDON_API_DIR})
  target_compile_definitions(${name} PRIVATE ${SPSOLVE_ADDON_DEFINES}
                             SPSOLVE_BUILD_FLAVOR="${SPSOLVE_SUITESPARSE}"
                             $<$<STREQUAL:${name},spsolve_portable>:SPSOLVE_PORTABLE>)
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  target_link_libraries(${name} PRIVATE spsolve_lu spsolve_cholmod spsolve_tiled_blas ${blas} ${CMAKE_JS_LIB})
  if(SPSOLVE_AMG)
    target_link_libraries(${name} PRIVATE spsolve_hypre)
    target_compile_definitions(${name} PRIVATE SPSOLVE_AMG)
  endif()
  target_link_options(${name} PRIVATE -Wl,--exclude-libs,ALL -Wl,--as-needed)
  # Copied on every build, not only when the addon relinks, so that switching flavours never
  # leaves the other one in place.
  add_custom_target(place_${name} ALL
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    COMMAND ${CMAKE_COMMAND} -E copy "$<TARGET_FILE:${name}>" "${dir}/"
    DEPENDS ${name})
endfunction()
