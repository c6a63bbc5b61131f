export { DisposedError } from './disposed-error';
export { liveHandles } from './live-handles';
export { NativeHandle } from './native-handle';
export { setMemoryReports } from './memory-reports';
