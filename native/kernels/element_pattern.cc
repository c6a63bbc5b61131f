// The sparsity pattern of an assembled finite-element matrix and the map from every element-matrix
// entry to its place in the CSC values: the `Assembly` constructor (lib/fem/pattern.ts describes
// the arrays). Its passes follow the element-node adjacency, reading and writing at the mesh's
// numbering, so they are bound by memory latency. In JavaScript the same passes cost about twice
// as much (bounds-checked typed arrays, no prefetch): for a mesh of 300k dofs, a quarter of
// CHOLMOD's analysis of the assembled matrix instead of a tenth (bench/README.md, FEM).
//
// The element dofs come from JavaScript arrays the caller could have edited, so each one is checked
// before anything is indexed by it: a dof outside [−1, n) is a RangeError, never a write outside
// the arrays.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/operation.h"
#include "kernels/kernels.h"

namespace spsolve {
namespace {

// An int32 array left uninitialised where every entry is written anyway: std::vector would clear
// it first, and clearing tens of megabytes of fresh pages cost a fifth of this kernel's time.
class Indices {
 public:
  Indices() = default;
  explicit Indices(size_t size) : data_(new int32_t[size]), size_(size) {}
  Indices(size_t size, int32_t fill) : Indices(size) { std::fill(begin(), end(), fill); }
  int32_t& operator[](size_t k) { return data_[k]; }
  int32_t operator[](size_t k) const { return data_[k]; }
  int32_t* begin() { return data_.get(); }
  int32_t* end() { return data_.get() + size_; }
  size_t size() const { return size_; }
  // Keeps the first `size` entries (the memory beyond them is never touched, so never faulted in).
  void shrink(size_t size) { size_ = std::min(size, size_); }
  int32_t* release() { return data_.release(); }

 private:
  std::unique_ptr<int32_t[]> data_;
  size_t size_ = 0;
};

[[noreturn]] void badInput(const std::string& what) { throw ArgumentError(false, "elementPattern: " + what); }

// place[g] = the place of dof g in its block of c consecutive dofs (0 … c − 1), when every group
// of c local dofs is c consecutive dofs (or all −1) and every dof always keeps its place;
// an empty vector otherwise. −1 for a dof no element has.
std::vector<int8_t> blockPlaces(int64_t n, const int32_t* dofs, size_t length, int c) {
  std::vector<int8_t> place(static_cast<size_t>(n), -1);
  for (size_t k = 0; k < length; k += c) {
    const int32_t g = dofs[k];
    for (int m = 0; m < c; m++) {
      const int32_t dof = dofs[k + m];
      if (g < 0) {
        if (dof != -1) return {};
        continue;
      }
      if (dof != g + m) return {};
      int8_t& p = place[static_cast<size_t>(dof)];
      if (p == -1)
        p = static_cast<int8_t>(m);
      else if (p != m)
        return {};
    }
  }
  return place;
}

// Sorts a column's few rows: insertion sort while they are in cache, std::sort for a node shared
// by very many elements.
void sortRows(int32_t* first, int32_t* last) {
  if (last - first > 32) {
    std::sort(first, last);
    return;
  }
  for (int32_t* k = first + 1; k < last; k++) {
    const int32_t x = *k;
    int32_t* i = k;
    while (i > first && i[-1] > x) {
      *i = i[-1];
      i--;
    }
    *i = x;
  }
}

struct Pattern {
  int c = 1;
  Indices colPtr, rowIdx;
  // c = 1: the entry-wise scatter map (positions). c > 1: the block map's ranks.
  Indices map;
  // c > 1 only: each element's block starts, and where each dof column's rows start.
  Indices starts, colStart;
};

// The pattern on blocks of c dofs (c = 1: single dofs), as in lib/fem/pattern.ts: the node
// columns, their sorted rows and the node-level map in one pass over the nodes; then dof columns
// by arithmetic.
Pattern blockedPattern(int64_t n, const int32_t* dofs, size_t length, int64_t d, int c,
                       const std::vector<int8_t>& place, int sign) {
  Pattern out;
  out.c = c;
  const int64_t m = d / c;
  const size_t nElements = length / static_cast<size_t>(d);
  const size_t slots = nElements * static_cast<size_t>(m);
  Indices starts(slots);
  for (size_t k = 0; k < slots; k++) starts[k] = dofs[k * c];

  // For each node J, the element slots e·m + B with starts[e·m + B] = J (a counting sort).
  Indices start(static_cast<size_t>(n) + 1, 0);
  for (size_t k = 0; k < slots; k++)
    if (starts[k] >= 0) start[starts[k] + 1]++;
  for (int64_t J = 0; J < n; J++) start[J + 1] += start[J];
  const size_t used = static_cast<size_t>(start[n]);
  Indices slotOf(used);
  {
    Indices next(static_cast<size_t>(n));
    std::copy(start.begin(), start.end() - 1, next.begin());
    for (size_t k = 0; k < slots; k++)
      if (starts[k] >= 0) slotOf[next[starts[k]]++] = static_cast<int32_t>(k);
  }

  // Node column by node column: the distinct node rows in the stored triangle, appended to
  // nodeRows (the columns come in order) and sorted there, then the node-level map while the
  // column's slots are in cache: positions in the values for single dofs, ranks within the
  // column for blocks. nodeRows is sized for the worst case (m rows per slot), and only the
  // part written is ever touched. (Taking the columns in the order their nodes first appear in
  // the elements was tried: consecutive columns then share elements, but the slot lists are laid
  // out by node number and became the random reads; 1.3x slower.)
  constexpr size_t kAhead = 8;
  Indices marker(static_cast<size_t>(n), -1), position(static_cast<size_t>(n));
  Indices nodeRows(used * m);
  Indices nodePtr(static_cast<size_t>(n) + 1);
  nodePtr[0] = 0;
  Indices map(nElements * m * m, -1);
  size_t p = 0;
  for (int64_t J = 0; J < n; J++) {
    const size_t first = p;
    for (int32_t t = start[J]; t < start[J + 1]; t++) {
      // The slots of the next columns are known: fetch their elements and map entries, and the
      // markers of the nodes of elements fetched earlier, while this one is worked on (1.3x: the reads are
      // random wherever the mesh's node numbering does not follow its elements).
      if (static_cast<size_t>(t) + kAhead < used) {
        __builtin_prefetch(&starts[slotOf[t + kAhead]]);
        __builtin_prefetch(&map[static_cast<size_t>(slotOf[t + kAhead]) * m], 1);
        const int32_t* soon = &starts[slotOf[t + kAhead / 2] - slotOf[t + kAhead / 2] % m];
        for (int64_t A = 0; A < m; A++)
          if (soon[A] >= 0) __builtin_prefetch(&marker[soon[A]]);
      }
      const int32_t* element = &starts[slotOf[t] - slotOf[t] % m];
      for (int64_t A = 0; A < m; A++) {
        const int32_t I = element[A];
        if (I >= 0 && I * sign >= J * sign && marker[I] != J) {
          marker[I] = static_cast<int32_t>(J);
          nodeRows[p++] = I;
        }
      }
    }
    sortRows(&nodeRows[first], &nodeRows[0] + p);
    const size_t offset = c == 1 ? first : 0;
    for (size_t q = first; q < p; q++) position[nodeRows[q]] = static_cast<int32_t>(offset + (q - first));
    for (int32_t t = start[J]; t < start[J + 1]; t++) {
      const size_t slot = static_cast<size_t>(slotOf[t]);
      const int32_t* element = &starts[slot - slot % m];
      int32_t* column = &map[slot * m];  // entries (A, B) of element e at e·m² + A + B·m, slot = e·m + B
      for (int64_t A = 0; A < m; A++) {
        const int32_t I = element[A];
        if (I >= 0 && I * sign >= J * sign) column[A] = position[I];
      }
    }
    // Positions and pointers are int32 in JavaScript (the dof level has up to c² times more).
    if (static_cast<double>(p) * c * c > INT32_MAX) badInput("the assembled pattern has more than 2^31 - 1 entries");
    nodePtr[J + 1] = static_cast<int32_t>(p);
  }
  nodeRows.shrink(p);
  if (c == 1) {
    out.colPtr = std::move(nodePtr);
    out.rowIdx = std::move(nodeRows);
    out.map = std::move(map);
    return out;
  }

  // Dof columns from node columns: column J + cb holds c rows per node row, but of the diagonal
  // block only rows ≥ J + cb (lower) or ≤ J + cb (upper).
  out.colPtr = Indices(static_cast<size_t>(n) + 1);
  out.colPtr[0] = 0;
  for (int64_t j = 0; j < n; j++) {
    const int cb = place[j];
    int64_t count = 0;
    if (cb >= 0) {
      const int64_t J = j - cb;
      count = static_cast<int64_t>(nodePtr[J + 1] - nodePtr[J]) * c - (sign > 0 ? cb : sign < 0 ? c - 1 - cb : 0);
    }
    out.colPtr[j + 1] = static_cast<int32_t>(out.colPtr[j] + count);
  }
  out.rowIdx = Indices(static_cast<size_t>(out.colPtr[n]));
  for (int64_t j = 0; j < n; j++) {
    const int cb = place[j];
    if (cb < 0) continue;
    const int64_t J = j - cb;
    int32_t* row = &out.rowIdx[out.colPtr[j]];
    for (int32_t q = nodePtr[J]; q < nodePtr[J + 1]; q++) {
      const int32_t I = nodeRows[q];
      const int from = I == J && sign > 0 ? cb : 0;
      const int to = I == J && sign < 0 ? cb : c - 1;
      for (int ca = from; ca <= to; ca++) *row++ = I + ca;
    }
  }
  out.colStart = Indices(static_cast<size_t>(n));
  for (int64_t j = 0; j < n; j++) out.colStart[j] = out.colPtr[j] - (sign > 0 && place[j] > 0 ? place[j] : 0);
  out.map = std::move(map);
  out.starts = std::move(starts);
  return out;
}

// The array handed to JavaScript as an ArrayBuffer without a copy (V8's finaliser frees it);
// copied where the runtime allows no external buffers. A buffer, not a typed array: the caller
// wraps it in its own realm's Int32Array (a vm context such as a jest test has its own).
Napi::ArrayBuffer toJs(Napi::Env env, Indices&& v) {
  const size_t bytes = v.size() * sizeof(int32_t);
  if (bytes >= 16384) {
    napi_value buffer;
    const napi_status status = napi_create_external_arraybuffer(
        env, v.begin(), bytes, [](napi_env, void* data, void*) { delete[] static_cast<int32_t*>(data); }, nullptr, &buffer);
    if (status == napi_ok) {
      v.release();  // V8 owns it now
      return Napi::ArrayBuffer(env, buffer);
    }
  }
  Napi::ArrayBuffer out = Napi::ArrayBuffer::New(env, bytes);
  std::copy(v.begin(), v.end(), static_cast<int32_t*>(out.Data()));
  return out;
}

// elementPattern({ n, elementDofs, dofsPerElement, sign }) → { c, colPtr, rowIdx, map, starts?,
// colStart? }, the arrays as ArrayBuffers of int32. sign: 1 lower triangle, −1 upper, 0 general.
// Blocks of 3, then 2, are taken when the dofs have their structure (c > 1: map holds ranks and
// starts/colStart are set).
struct ElementPatternOp {
  static constexpr const char* kName = "elementPattern";
  int64_t n = 0, d = 1;
  int sign = 0;
  ArrayInput<int32_t> dofs;
  Pattern pattern;

  static ElementPatternOp read(Addon&, const JsArgs& args, Lifetime lifetime) {
    ElementPatternOp op;
    op.n = args.dimension("n");
    op.dofs = args.int32Input("elementDofs", lifetime);
    op.d = args.dimension("dofsPerElement");
    op.sign = args.smallInt("sign", -1, 1);
    return op;
  }

  void run() {
    if (d < 1) badInput("dofsPerElement must be at least 1");
    const size_t length = dofs.size();
    if (length % static_cast<size_t>(d) != 0) badInput("elementDofs must hold a multiple of dofsPerElement entries");
    if (static_cast<double>(length) * static_cast<double>(d) > INT32_MAX)
      badInput("nElements · dofsPerElement² must be below 2^31 (the scatter map's length)");
    for (size_t k = 0; k < length; k++)
      if (dofs[k] < -1 || dofs[k] >= n)
        badInput("elementDofs[" + std::to_string(k) + "] = " + std::to_string(dofs[k]) + " is outside [-1, " +
                 std::to_string(n) + ")");
    for (int c : {3, 2}) {
      if (d % c != 0 || d == c) continue;
      const std::vector<int8_t> place = blockPlaces(n, dofs.data(), length, c);
      if (!place.empty() || n == 0) {
        pattern = blockedPattern(n, dofs.data(), length, d, c, place, sign);
        return;
      }
    }
    pattern = blockedPattern(n, dofs.data(), length, d, 1, {}, sign);
  }

  Napi::Value result(Addon&, Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("c", pattern.c);
    o.Set("colPtr", toJs(env, std::move(pattern.colPtr)));
    o.Set("rowIdx", toJs(env, std::move(pattern.rowIdx)));
    o.Set("map", toJs(env, std::move(pattern.map)));
    if (pattern.c > 1) {
      o.Set("starts", toJs(env, std::move(pattern.starts)));
      o.Set("colStart", toJs(env, std::move(pattern.colStart)));
    }
    return o;
  }
};

}  // namespace

void exportElementPattern(Napi::Env env, Napi::Object exports) { exportOperation<ElementPatternOp>(env, exports); }

}  // namespace spsolve
