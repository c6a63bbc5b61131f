# `spsolve_static_blas`: Debian's static OpenBLAS (pthread variant, LAPACK included, built with
# DYNAMIC_ARCH so it picks its kernels for the CPU at load) and the GCC runtimes it and the addon
# need, linked into the prebuilt addon so that it depends on glibc only. --exclude-libs,ALL (set
# on every addon) keeps all of it hidden.
# SPSOLVE_OPENBLAS_STATIC (environment) names the archive (scripts/prebuild brings a newer one).
if(DEFINED ENV{SPSOLVE_OPENBLAS_STATIC})
  set(OPENBLAS_STATIC "$ENV{SPSOLVE_OPENBLAS_STATIC}")
else()
  find_library(OPENBLAS_STATIC NAMES libopenblas.a
               HINTS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-pthread
               PATH_SUFFIXES openblas-pthread NO_CACHE)
endif()
if(NOT OPENBLAS_STATIC OR NOT EXISTS "${OPENBLAS_STATIC}")
  message(FATAL_ERROR "libopenblas.a not found: install libopenblas-pthread-dev (Debian) for the prebuilt addon")
endif()

function(gcc_static_library var file package)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${file}
                  OUTPUT_VARIABLE found OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT IS_ABSOLUTE "${found}" OR NOT EXISTS "${found}")
    message(FATAL_ERROR "${file} not found: install ${package} for the prebuilt addon")
  endif()
  set(${var} "${found}" PARENT_SCOPE)
endfunction()
gcc_static_library(GFORTRAN_STATIC libgfortran.a "libgfortran-12-dev (or your GCC's libgfortran development package)")
gcc_static_library(QUADMATH_STATIC libquadmath.a "libgcc-12-dev")

find_package(Threads REQUIRED)
add_library(spsolve_static_blas INTERFACE)
target_link_libraries(spsolve_static_blas INTERFACE ${OPENBLAS_STATIC} ${GFORTRAN_STATIC} ${QUADMATH_STATIC}
                      Threads::Threads m)
target_link_options(spsolve_static_blas INTERFACE -static-libstdc++ -static-libgcc)
