// Changing a factor without refactorising it, and solves with a sparse right-hand side.
#include <mutex>
#include <shared_mutex>

#include "cholmod/operations.h"
#include "core/operation.h"

namespace spsolve {
namespace {

// update({ handle, C, downdate }): L D Lᵀ ± C Cᵀ for C with n rows.
struct UpdateOp : OnFactor {
  static constexpr const char* kName = "update";
  CscInput C;
  bool downdate = false;

  static UpdateOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    UpdateOp op;
    op.readObject(addon, args);
    op.C = args.csc("C", lifetime);
    op.downdate = args.boolean("downdate");
    return op;
  }
  void run() {
    const ReleaseAtEnd release{*this};
    std::unique_lock<std::shared_mutex> lock(object->lock());
    object->update(C, downdate);
  }
  Napi::Value result(Addon& addon, Napi::Env env) { return changed(addon, env); }
};

// rowDelete({ handle, k }): row and column k become those of the identity.
struct RowDeleteOp : OnFactor {
  static constexpr const char* kName = "rowDelete";
  int64_t k = 0;

  static RowDeleteOp read(Addon& addon, const JsArgs& args, Lifetime) {
    RowDeleteOp op;
    op.readObject(addon, args);
    op.k = args.dimension("k");
    return op;
  }
  void run() {
    std::unique_lock<std::shared_mutex> lock(object->lock());
    object->rowDelete(k);
  }
  Napi::Value result(Addon& addon, Napi::Env env) { return changed(addon, env); }
};

// rowAdd({ handle, k, column }): a deleted row and column k get `column` (n values).
struct RowAddOp : OnFactor {
  static constexpr const char* kName = "rowAdd";
  int64_t k = 0;
  ArrayInput<double> column;

  static RowAddOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    RowAddOp op;
    op.readObject(addon, args);
    op.k = args.dimension("k");
    op.column = args.float64Input("column", lifetime);
    return op;
  }
  void run() {
    std::unique_lock<std::shared_mutex> lock(object->lock());
    object->rowAdd(k, column.data(), column.size());
  }
  Napi::Value result(Addon& addon, Napi::Env env) { return changed(addon, env); }
};

// solveSparse({ handle, system, B }) -> X as { colPtr, rowIdx, values }.
struct SolveSparseOp : OnFactor {
  static constexpr const char* kName = "solveSparse";
  int system = 0;
  CscInput B;
  std::vector<int64_t> colPtr, rowIdx;
  std::vector<double> values;

  static SolveSparseOp read(Addon& addon, const JsArgs& args, Lifetime lifetime) {
    SolveSparseOp op;
    op.readObject(addon, args);
    op.system = args.smallInt("system", 0, 8);
    op.B = args.csc("B", lifetime);
    return op;
  }
  void run() {
    std::shared_lock<std::shared_mutex> lock(object->lock());
    object->solveSparse(system, B, colPtr, rowIdx, values);
  }
  Napi::Value result(Addon&, Napi::Env env) { return cscToJs(env, colPtr, rowIdx, values, "X"); }
};

}  // namespace

void exportModifyOperations(Napi::Env env, Napi::Object exports) {
  exportOperation<UpdateOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<RowDeleteOp>(env, exports);
  exportOperation<RowAddOp>(env, exports);
  exportOperation<SolveSparseOp>(env, exports);
}

}  // namespace spsolve
