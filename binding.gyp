# The same addon as CMakeLists.txt builds, compiled by node-gyp against the system's SuiteSparse
# (Debian: libsuitesparse-dev) instead of a bundled copy: `npm run build:system`.
{
  "targets": [
    {
      "target_name": "spsolve",
      "sources": [
        "native/addon.cc",
        "native/addon_modify.cc",
        "native/args.cc",
        "native/cholmod_call.cc",
        "native/factor.cc",
        "native/failure.cc",
        "native/jobs.cc",
        "native/modify.cc",
        "native/outer_on_pattern.cc",
        "native/selected_inverse.cc",
        "native/selected_inverse_supernodal.cc",
        "native/sparse_solve.cc",
        "native/threads.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "/usr/include/suitesparse"
      ],
      "defines": [
        "NAPI_VERSION=9",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
        "SPSOLVE_BUILD_FLAVOR=\"system\""
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-fvisibility=hidden"],
      "libraries": ["-lcholmod", "-lsuitesparseconfig", "-llapack", "-lblas", "-ldl"]
    }
  ]
}
