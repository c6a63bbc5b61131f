/** Types of the npm package cdt2d (constrained Delaunay triangulation), which ships none. */
declare module 'cdt2d' {
  /**
   * Triangles (point indices) of the constrained Delaunay triangulation of `points` with the
   * `edges` kept; with `exterior: false` the triangles outside the closed edge loops are dropped.
   */
  function cdt2d(
    points: readonly (readonly [number, number])[],
    edges?: readonly (readonly [number, number])[],
    opts?: { delaunay?: boolean; interior?: boolean; exterior?: boolean; infinity?: boolean },
  ): [number, number, number][];
  export = cdt2d;
}
