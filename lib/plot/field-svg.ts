/**
 * The SVG side of field pictures. A linear field on a triangle is constant along lines
 * perpendicular to its gradient, so a `linearGradient` along the gradient (in user space) with
 * stops at the colour map's control points paints exactly the colours the PNG computes per pixel.
 * @internal
 */
import { COLOR_MAPS, colorMapRgb } from './colormap';
import type { FieldScene } from './field-input';
import { formatTick } from './font';

function hex(rgb: readonly number[]): string {
  return '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const r2 = (v: number): string => String(Math.round(v * 100) / 100);

export function fieldSvgOf(scene: FieldScene): string {
  const { width, height, toPixel, bar } = scene.frame;
  const { triangles, corner, points, lo, hi, colorMap } = scene;
  const stops = COLOR_MAPS[colorMap];
  const unit = (v: number) => (hi > lo ? (v - lo) / (hi - lo) : 0.5);
  const defs: string[] = [];
  const shapes: string[] = [];
  const nTri = triangles.length / 3;
  for (let t = 0; t < nTri; t++) {
    const P = [0, 1, 2].map((k) => toPixel(points[2 * triangles[3 * t + k]], points[2 * triangles[3 * t + k] + 1]));
    const u = [0, 1, 2].map((k) => Math.min(1, Math.max(0, unit(corner[3 * t + k]))));
    const d = `M${r2(P[0][0])} ${r2(P[0][1])}L${r2(P[1][0])} ${r2(P[1][1])}L${r2(P[2][0])} ${r2(P[2][1])}z`;
    // Gradient of u in pixel space: solve for g with g·(P1 − P0) = u1 − u0, g·(P2 − P0) = u2 − u0.
    const e1 = [P[1][0] - P[0][0], P[1][1] - P[0][1]];
    const e2 = [P[2][0] - P[0][0], P[2][1] - P[0][1]];
    const det = e1[0] * e2[1] - e1[1] * e2[0];
    const du1 = u[1] - u[0];
    const du2 = u[2] - u[0];
    const gx = det === 0 ? 0 : (du1 * e2[1] - du2 * e1[1]) / det;
    const gy = det === 0 ? 0 : (e1[0] * du2 - e2[0] * du1) / det;
    const g2 = gx * gx + gy * gy;
    const uMin = Math.min(...u);
    const uMax = Math.max(...u);
    // Clamping makes the field piecewise linear; with the clamped corner values it stays linear per triangle here.
    if (g2 === 0 || uMax - uMin < 1e-12) {
      const flat = hex(colorMapRgb(colorMap, (uMin + uMax) / 2));
      shapes.push(`<path d="${d}" fill="${flat}" stroke="${flat}"/>`);
      continue;
    }
    // The points of the gradient line where u = uMin and u = uMax.
    const at = (target: number) => [P[0][0] + ((target - u[0]) * gx) / g2, P[0][1] + ((target - u[0]) * gy) / g2];
    const [x1, y1] = at(uMin);
    const [x2, y2] = at(uMax);
    const inside = stops.filter(([s]) => s > uMin && s < uMax).map(([s]) => s);
    const stopList = [uMin, ...inside, uMax]
      .map((s) => `<stop offset="${r2(((s - uMin) / (uMax - uMin)) * 100)}%" stop-color="${hex(colorMapRgb(colorMap, s))}"/>`)
      .join('');
    defs.push(`<linearGradient id="g${t}" gradientUnits="userSpaceOnUse" x1="${r2(x1)}" y1="${r2(y1)}" x2="${r2(x2)}" y2="${r2(y2)}">${stopList}</linearGradient>`);
    shapes.push(`<path d="${d}" fill="url(#g${t})" stroke="url(#g${t})"/>`);
  }
  const legendStops = stops.map(([s]) => `<stop offset="${r2(s * 100)}%" stop-color="${hex(colorMapRgb(colorMap, s))}"/>`).join('');
  defs.push(`<linearGradient id="legend" x1="0" y1="1" x2="0" y2="0">${legendStops}</linearGradient>`);
  const tx = bar.x1 + 6;
  const text = (y: number, s: string, baseline: string) => `<text x="${tx}" y="${r2(y)}" font-family="sans-serif" font-size="12" dominant-baseline="${baseline}">${escapeXml(s)}</text>`;
  const title = scene.title ?? scene.label ?? 'field';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<defs>\n${defs.join('\n')}\n</defs>\n` +
    `<rect width="${width}" height="${height}" fill="#fff"/>\n` +
    // A thin stroke in each triangle's own paint covers the hairline seams anti-aliasing leaves between neighbours.
    `<g stroke-width="0.5" stroke-linejoin="round">\n${shapes.join('\n')}\n</g>\n` +
    `<rect class="legend" x="${bar.x0}" y="${bar.y0}" width="${bar.x1 - bar.x0}" height="${bar.y1 - bar.y0}" fill="url(#legend)" stroke="#888"/>\n` +
    text(bar.y0, formatTick(hi), 'hanging') + '\n' +
    text((bar.y0 + bar.y1) / 2, formatTick((lo + hi) / 2), 'middle') + '\n' +
    text(bar.y1, formatTick(lo), 'auto') + '\n' +
    (scene.label === undefined ? '' : `<text class="label" x="${tx}" y="${r2((bar.y0 + bar.y1) / 2 + 22)}" font-family="sans-serif" font-size="12">${escapeXml(scene.label)}</text>\n`) +
    `</svg>\n`
  );
}
