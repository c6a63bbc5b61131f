// Jest runs each test file in its own vm context, where Node 20's Symbol.dispose (a Symbol.for
// key that Node installs on the main context only) is missing; install the same keys here.
const symbols = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol };
symbols.dispose ??= Symbol.for('nodejs.dispose');
symbols.asyncDispose ??= Symbol.for('nodejs.asyncDispose');
