// The symbolic tools on a matrix, without a factor: a fill-reducing ordering by one method
// (AMD, METIS, CHOLMOD's nested dissection, COLAMD, CAMD), and the elimination tree with the
// column counts of L. A symmetric matrix (stype ±1) is ordered as it is; stype 0 means A Aᵀ.
#include <mutex>
#include <numeric>
#include <vector>

#include "cholmod/cholmod_call.h"
#include "cholmod/factor.h"
#include "cholmod/operations.h"
#include "core/errors.h"
#include "core/operation.h"

namespace spsolve {
namespace {

// The codes lib/cholmod/orderings.ts sends (ORDERING_METHOD_CODES there).
enum class Method { Amd = 0, Metis, Nesdis, Colamd, Camd };

// A CHOLMOD pattern of `in` (checked by the one rule), freed with the call.
struct PatternCopy {
  cholmod_sparse* S = nullptr;
  cholmod_common* c;
  PatternCopy(const CscInput& in, int stype, cholmod_common* common) : c(common) {
    if (stype != 0 && in.nrows != in.ncols) throw ArgumentError(false, "A must be square unless it stands for A Aᵀ");
    S = cholmod_l_allocate_sparse(in.nrows, in.ncols, in.nnz(), true, true, stype, CHOLMOD_PATTERN, c);
    if (!S) throw CholmodFailure("CHOLMOD_OUT_OF_MEMORY", CHOLMOD_OUT_OF_MEMORY, "allocating the matrix failed");
    // The values are checked like any input's, then dropped: only the pattern is ordered.
    std::vector<double> values(in.values.present() ? in.nnz() : 0);
    try {
      checkAndWidenCsc(in, "A", static_cast<SuiteSparse_long*>(S->p), static_cast<SuiteSparse_long*>(S->i), values.data());
    } catch (...) {
      cholmod_l_free_sparse(&S, c);
      throw;
    }
  }
  ~PatternCopy() { cholmod_l_free_sparse(&S, c); }
  PatternCopy(const PatternCopy&) = delete;
  PatternCopy& operator=(const PatternCopy&) = delete;
};

struct ColumnSubset {
  bool present = false;
  std::vector<SuiteSparse_long> set;
  SuiteSparse_long* data() { return present ? set.data() : nullptr; }
};

ColumnSubset readSubset(const ArrayInput<int32_t>& fset, int stype, int64_t ncols) {
  ColumnSubset out;
  if (!fset.present()) return out;
  if (stype != 0) throw ArgumentError(false, "columns applies to A Aᵀ only");
  out.present = true;
  out.set = checkedSubset(fset.data(), fset.size(), ncols, "columns");
  return out;
}

// ordering({ A, stype, method, fset, constraints, out }): the permutation (A.nrows entries) into out.
struct OrderingOp {
  static constexpr const char* kName = "ordering";
  CscInput A;
  int stype = 0;
  Method method = Method::Amd;
  ArrayInput<int32_t> fset, constraints;
  Int32Output out;

  static OrderingOp read(Addon&, const JsArgs& args, Lifetime lifetime) {
    OrderingOp op;
    op.A = args.csc("A", lifetime, /* valuesOptional */ true);
    op.stype = args.smallInt("stype", -1, 1);
    op.method = static_cast<Method>(args.smallInt("method", 0, static_cast<int>(Method::Camd)));
    op.fset = args.optionalInt32Input("fset", lifetime);
    op.constraints = args.optionalInt32Input("constraints", lifetime);
    op.out = args.int32Output("out", static_cast<size_t>(op.A.nrows), lifetime);
    return op;
  }

  void run() {
    CholmodCall c;
    PatternCopy A_(A, stype, c.get());
    ColumnSubset f = readSubset(fset, stype, A.ncols);
    const int64_t n = A.nrows;
    if (method == Method::Colamd && stype != 0) throw ArgumentError(false, "colamd orders A Aᵀ: stype must be 0");
    if (constraints.present() && method != Method::Camd) throw ArgumentError(false, "constraints apply to camd only");
    std::vector<SuiteSparse_long> cmember;
    if (constraints.present()) {
      if (constraints.size() != static_cast<size_t>(n))
        throw ArgumentError(false, "constraints must have " + std::to_string(n) + " entries");
      cmember.resize(n);
      for (int64_t k = 0; k < n; k++) {
        if (constraints[k] < 0 || constraints[k] >= n)
          throw ArgumentError(false, "constraints[" + std::to_string(k) + "] must be in [0, " + std::to_string(n) + ")");
        cmember[k] = constraints[k];
      }
    }
    std::vector<SuiteSparse_long> perm(n);
    if (n == 0) return;
    int ok = 0;
    switch (method) {
      case Method::Amd: ok = cholmod_l_amd(A_.S, f.data(), f.set.size(), perm.data(), c.get()); break;
      case Method::Metis: {
        const auto lock = lockMetisRandom();
        ok = cholmod_l_metis(A_.S, f.data(), f.set.size(), true, perm.data(), c.get());
        break;
      }
      case Method::Nesdis: {
        std::vector<SuiteSparse_long> cparent(n), cmem(n);
        const auto lock = lockMetisRandom();
        ok = cholmod_l_nested_dissection(A_.S, f.data(), f.set.size(), perm.data(), cparent.data(), cmem.data(), c.get()) >= 0;
        break;
      }
      case Method::Colamd: ok = cholmod_l_colamd(A_.S, f.data(), f.set.size(), true, perm.data(), c.get()); break;
      case Method::Camd:
        ok = cholmod_l_camd(A_.S, f.data(), f.set.size(), cmember.empty() ? nullptr : cmember.data(), perm.data(), c.get());
        break;
    }
    c.check("ordering");
    if (!ok) throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID, "the ordering failed");
    for (int64_t k = 0; k < n; k++) out.data()[k] = static_cast<int32_t>(perm[k]);
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

// etree({ A, stype, perm, parent, colCount }): the elimination tree of P A Pᵀ (or of P A Aᵀ Pᵀ
// for stype 0; P the identity when perm is null) and the column counts of its L, diagonal
// included (cholmod_analyze_ordering: etree, postorder, rowcolcounts).
struct EtreeOp {
  static constexpr const char* kName = "etree";
  CscInput A;
  int stype = 0;
  ArrayInput<int32_t> perm;
  Int32Output parent, colCount;

  static EtreeOp read(Addon&, const JsArgs& args, Lifetime lifetime) {
    EtreeOp op;
    op.A = args.csc("A", lifetime, /* valuesOptional */ true);
    op.stype = args.smallInt("stype", -1, 1);
    op.perm = args.optionalInt32Input("perm", lifetime);
    op.parent = args.int32Output("parent", static_cast<size_t>(op.A.nrows), lifetime);
    op.colCount = args.int32Output("colCount", static_cast<size_t>(op.A.nrows), lifetime);
    return op;
  }

  void run() {
    CholmodCall c;
    PatternCopy A_(A, stype, c.get());
    const int64_t n = A.nrows;
    std::vector<SuiteSparse_long> P(n);
    if (perm.present()) {
      P = checkedPermutation(perm.data(), perm.size(), n, "ordering");
    } else {
      std::iota(P.begin(), P.end(), 0);
    }
    if (n == 0) return;
    std::vector<SuiteSparse_long> Parent(n), Post(n), ColCount(n), First(n), Level(n);
    const int ok = cholmod_l_analyze_ordering(A_.S, perm.present() ? CHOLMOD_GIVEN : CHOLMOD_NATURAL, P.data(), nullptr, 0,
                                              Parent.data(), Post.data(), ColCount.data(), First.data(), Level.data(),
                                              c.get());
    c.check("etree");
    if (!ok) throw CholmodFailure("CHOLMOD_INVALID", CHOLMOD_INVALID, "the elimination tree failed");
    for (int64_t k = 0; k < n; k++) {
      parent.data()[k] = static_cast<int32_t>(Parent[k]);
      colCount.data()[k] = static_cast<int32_t>(ColCount[k]);
    }
  }
  Napi::Value result(Addon&, Napi::Env env) { return env.Undefined(); }
};

}  // namespace

void exportOrderingOperations(Napi::Env env, Napi::Object exports) {
  exportOperation<OrderingOp>(env, exports, Exports::SyncAndAsync);
  exportOperation<EtreeOp>(env, exports, Exports::SyncAndAsync);
}

}  // namespace spsolve
