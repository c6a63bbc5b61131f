// The addon's entry points for changing factorisations: update/downdate, row deletion and
// addition, sparse solves, and
// copies of the symbolic analysis (batches of value sets on one pattern).
#include <mutex>
#include <shared_mutex>

#include "addon.h"

namespace spsolve {

// update(handle, nrows, ncols, colPtr, rowIdx, values, downdate): L D Lᵀ ± C Cᵀ.
Napi::Value Addon::Update(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    const double handle = handleArg(info, 0);
    auto factor = factors_.get(handle);
    const CscCopy C = cscArg(info, 1);
    if (info.Length() <= 6 || !info[6].IsBoolean()) throw ArgumentError(true, "downdate must be a boolean");
    const bool downdate = info[6].As<Napi::Boolean>().Value();
    {
      std::unique_lock<std::shared_mutex> lock(factor->lock());
      factor->update(C.view(), downdate);
    }
    reportMemory(info.Env(), handle);
    return info.Env().Undefined();
  });
}

Napi::Value Addon::UpdateAsync(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&] { return startUpdateJob(*this, info); });
}

// rowDelete(handle, k): row and column k become those of the identity.
Napi::Value Addon::RowDelete(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    const double handle = handleArg(info, 0);
    auto factor = factors_.get(handle);
    const int64_t k = dimensionArg(info, 1, "k");
    {
      std::unique_lock<std::shared_mutex> lock(factor->lock());
      factor->rowDelete(k);
    }
    reportMemory(info.Env(), handle);
    return info.Env().Undefined();
  });
}

// rowAdd(handle, k, column): a deleted row and column k get the values of `column` (n entries).
Napi::Value Addon::RowAdd(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    const double handle = handleArg(info, 0);
    auto factor = factors_.get(handle);
    const int64_t k = dimensionArg(info, 1, "k");
    auto column = float64Arg(info, 2, "column");
    {
      std::unique_lock<std::shared_mutex> lock(factor->lock());
      factor->rowAdd(k, column.Data(), column.ElementLength());
    }
    reportMemory(info.Env(), handle);
    return info.Env().Undefined();
  });
}

// solveSparse(handle, system, nrows, ncols, colPtr, rowIdx, values) -> { colPtr, rowIdx, values }
Napi::Value Addon::SolveSparse(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto factor = factors_.get(handleArg(info, 0));
    const int system = smallIntArg(info, 1, "system", 0, 8);
    const CscCopy B = cscArg(info, 2);
    std::vector<int64_t> colPtr, rowIdx;
    std::vector<double> values;
    {
      std::shared_lock<std::shared_mutex> lock(factor->lock());
      factor->solveSparse(system, B.view(), colPtr, rowIdx, values);
    }
    return cscToJs(info.Env(), colPtr, rowIdx, values, "X");
  });
}

// cloneSymbolic(handle) -> a new handle: same pattern and analysis, no numeric values yet.
Napi::Value Addon::CloneSymbolic(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), errors_, [&]() -> Napi::Value {
    auto source = factors_.get(handleArg(info, 0));
    std::shared_ptr<Factor> copy;
    {
      std::shared_lock<std::shared_mutex> lock(source->lock());
      copy = std::make_shared<Factor>(*source, SymbolicCopy{});
    }
    const double handle = factors_.insert(std::move(copy));
    reportMemory(info.Env(), handle);
    return Napi::Number::New(info.Env(), handle);
  });
}

}  // namespace spsolve
