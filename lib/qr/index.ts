export { qr, qrAsync } from './qr';
export { QRFactor, type QRInfo, type QRSolveOptions } from './factor';
export { QrError } from './errors';
export type { QROptions, QROrdering } from './options';
