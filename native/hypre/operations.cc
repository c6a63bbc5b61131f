#include "hypre/operations.h"

#include <HYPRE_config.h>

#include "core/on_object.h"
#include "core/operation.h"
#include "hypre/hierarchy.h"

namespace spsolve {

const char* hypreVersion() { return HYPRE_RELEASE_VERSION; }

namespace {

AmgOptions readAmgOptions(const JsArgs& args) {
  AmgOptions o;
  o.coarsening = static_cast<Coarsening>(args.smallInt("coarsening", 0, static_cast<int>(Coarsening::Falgout)));
  o.interpolation = static_cast<Interpolation>(args.smallInt("interpolation", 0, static_cast<int>(Interpolation::Classical)));
  o.strongThreshold = args.number("strongThreshold");
  if (!(o.strongThreshold >= 0 && o.strongThreshold < 1))
    throw ArgumentError(false, "amg: strongThreshold must be in [0, 1)");
  o.smoother = static_cast<Smoother>(args.smallInt("smoother", 0, static_cast<int>(Smoother::Chebyshev)));
  o.cycle = args.smallInt("cycle", 1, 2);
  o.maxLevels = args.smallInt("maxLevels", 1, 100);
  o.aggressiveLevels = args.smallInt("aggressiveLevels", 0, 100);
  o.numFunctions = args.smallInt("numFunctions", 1, 64);
  o.nodal = args.smallInt("nodal", 0, 6);
  o.sweeps = args.smallInt("sweeps", 1, 100);
  return o;
}

// An operation on an existing hierarchy (core/on_object.h).
using OnHierarchy = OnObject<Hierarchy>;

// amgSetup({ A, triangle, vectors, nvectors, ...options }) -> handle.
struct SetupOp {
  static constexpr const char* kName = "amgSetup";
  CscInput A;
  int triangle = 0;
  AmgOptions options;
  ArrayInput<double> vectors;
  int64_t nvectors = 0;
  LiveCounter live;
  std::shared_ptr<Hierarchy> hierarchy;

  static SetupOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    SetupOp op;
    op.A = args.csc("A", lifetime);
    op.triangle = args.smallInt("triangle", 0, 2);
    op.options = readAmgOptions(args);
    op.vectors = args.optionalFloat64Input("vectors", lifetime);
    op.nvectors = op.vectors.present() ? args.smallInt("nvectors", 0, 64) : 0;
    if (op.vectors.present() && static_cast<double>(op.vectors.size()) != static_cast<double>(op.nvectors) * op.A.nrows)
      throw ArgumentError(false, "amgSetup: vectors must hold n * nvectors values");
    // HYPRE's interpolation-vector code (GM) assumes a system with nodal coarsening: with one
    // function per node it reads dof_func, which does not exist then, and crashes.
    if (op.nvectors > 0 && (op.options.numFunctions < 2 || op.options.nodal < 1))
      throw ArgumentError(false, "amgSetup: near-null-space vectors need numFunctions >= 2 and nodal >= 1");
    op.live = addon.liveCounter();
    return op;
  }
  void run() { hierarchy = std::make_shared<Hierarchy>(A, triangle, options, vectors.data(), nvectors, live); }
  Napi::Value result(Addon& addon, Napi::Env env) { return Napi::Number::New(env, addon.insert(env, std::move(hierarchy))); }
};

// amgRefresh({ handle, values }): new values on the pattern the hierarchy was built from.
struct RefreshOp : OnHierarchy {
  static constexpr const char* kName = "amgRefresh";
  ArrayInput<double> values;

  static RefreshOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    RefreshOp op;
    op.readObject(addon, args);
    op.values = args.float64Input("values", lifetime);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    object->refresh(values.data(), values.size());
  }
  Napi::Value result(Addon& addon, Napi::Env env) {
    addon.reportMemoryIfLive(env, handle);
    return env.Undefined();
  }
};

// amgCycle({ handle, r, z }): z = one cycle on r from a zero guess (z allocated by the caller).
struct CycleOp : OnHierarchy {
  static constexpr const char* kName = "amgCycle";
  ArrayInput<double> r;
  Float64Output z;

  static CycleOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    CycleOp op;
    op.readObject(addon, args);
    const auto n = static_cast<size_t>(op.object->n());
    op.r = args.float64Input("r", lifetime);
    if (op.r.size() != n) throw ArgumentError(false, "amgCycle: r must hold n = " + std::to_string(n) + " values");
    op.z = args.float64Output("z", n, lifetime);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    checkFinite(r.data(), r.size(), "r");
    object->cycle(r.data(), z.data());
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

// amgSolve({ handle, b, x, krylov, rtol, atol, maxIterations, restart }) -> report. x holds the
// initial guess and receives the solution.
struct SolveOp : OnHierarchy {
  static constexpr const char* kName = "amgSolve";
  ArrayInput<double> b;
  Float64Output x;
  AmgSolveSettings settings;
  AmgSolveReport report;

  static SolveOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    SolveOp op;
    op.readObject(addon, args);
    const auto n = static_cast<size_t>(op.object->n());
    op.b = args.float64Input("b", lifetime);
    if (op.b.size() != n) throw ArgumentError(false, "amgSolve: b must hold n = " + std::to_string(n) + " values");
    op.x = args.float64Output("x", n, lifetime);
    op.settings.krylov = static_cast<Krylov>(args.smallInt("krylov", 0, static_cast<int>(Krylov::Gmres)));
    op.settings.rtol = args.number("rtol");
    op.settings.atol = args.number("atol");
    if (!(op.settings.rtol >= 0) || !(op.settings.atol >= 0) || !std::isfinite(op.settings.rtol) || !std::isfinite(op.settings.atol))
      throw ArgumentError(false, "amgSolve: rtol and atol must be finite and ≥ 0");
    op.settings.maxIterations = args.smallInt("maxIterations", 0, 1 << 30);
    op.settings.restart = args.smallInt("restart", 1, 10000);
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    report = object->solve(b.data(), x.data(), settings);
  }
  Napi::Value result(Addon&, Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("iterations", report.iterations);
    o.Set("relativeResidual", report.relativeResidual);
    o.Set("converged", report.converged);
    o.Set("breakdown", report.breakdown);
    o.Set("seconds", report.seconds);
    return o;
  }
};

// amgInfo({ handle }) -> { n, levels: [{ rows, nnz }], operatorComplexity, gridComplexity, ... }.
struct InfoOp : OnHierarchy {
  static constexpr const char* kName = "amgInfo";
  static InfoOp read(Addon& addon, const JsArgs& args, Lifetime) { return readHandleOnly<InfoOp>(addon, args); }
  void run() {}
  Napi::Value result(Addon&, Napi::Env env) {
    const AmgInfo h = object->info();
    Napi::Object o = Napi::Object::New(env);
    Napi::Array levels = Napi::Array::New(env, h.levels.size());
    for (size_t l = 0; l < h.levels.size(); l++) {
      Napi::Object level = Napi::Object::New(env);
      level.Set("rows", static_cast<double>(h.levels[l].rows));
      level.Set("nnz", static_cast<double>(h.levels[l].nnz));
      levels.Set(static_cast<uint32_t>(l), level);
    }
    o.Set("n", static_cast<double>(object->n()));
    o.Set("levels", levels);
    o.Set("operatorComplexity", h.operatorComplexity);
    o.Set("gridComplexity", h.gridComplexity);
    o.Set("setupSeconds", h.setupSeconds);
    o.Set("setups", static_cast<double>(h.setups));
    o.Set("memoryBytes", static_cast<double>(h.memoryBytes));
    return o;
  }
};

}  // namespace

void exportAmgOperations(Napi::Env env, Napi::Object exports) {
  exportOperation<SetupOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<RefreshOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<SolveOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<CycleOp>(env, exports);
  exportOperation<InfoOp>(env, exports);
}

}  // namespace spsolve
