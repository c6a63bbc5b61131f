#!/usr/bin/env node
/**
 * The `spsolve` command: `info`, `solve` and `spy` on Matrix Market files. Run `spsolve --help`
 * for usage and exit codes. Every failure ends as one line on stderr and a documented exit
 * code; set SPSOLVE_DEBUG=1 to see stack traces as well.
 * @internal
 * @module
 */
import { buildInfo } from './cholmod/build-info';
import { EXIT, describeError, UsageError, type ExitCode } from './cli/exit';
import { HELP } from './cli/help';
import { infoCommand } from './cli/info';
import { solveCommand } from './cli/solve';
import { spyCommand } from './cli/spy';

type Command = (argv: string[], print: (text: string) => void) => Promise<ExitCode>;

const COMMANDS: Record<string, Command> = { info: infoCommand, solve: solveCommand, spy: spyCommand };

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[], print: (text: string) => void = (t) => void process.stdout.write(t)): Promise<ExitCode> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      if (topic !== undefined && !(topic in COMMANDS)) throw new UsageError(`unknown command '${topic}'`);
      // Bare `spsolve` is a mistake the help answers, not a success: help on stderr, exit 2.
      if (name === undefined) {
        process.stderr.write(HELP.main);
        return EXIT.usage;
      }
      print(HELP[topic ?? 'main']);
      return EXIT.ok;
    }
    if (name === '--version' || name === '-V') {
      const build = buildInfo();
      print(`spsolve ${version()} (CHOLMOD ${build.cholmod}, ${build.flavor} build, ${build.gpl ? 'GPL modules' : 'LGPL only'}, ${build.blas})\n`);
      return EXIT.ok;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) throw new UsageError(`unknown command '${name}'`);
    if (wantsHelp(rest)) {
      print(HELP[name]);
      return EXIT.ok;
    }
    return await command(rest, print);
  } catch (error) {
    const { message, exitCode } = describeError(error);
    process.stderr.write(`spsolve: ${message}\n`);
    if (process.env.SPSOLVE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCode;
  }
}

function version(): string {
  // package.json sits two levels above dist/lib/cli.js and one above lib/cli.ts.
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'spsolve' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return 'unknown';
}

if (require.main === module) {
  // A reader that stops early (`spsolve solve A.mtx -o - | head`) is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      // exitCode, not exit(): stdout may still be flushing a large solution to a pipe.
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`spsolve: internal error: ${String(error)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
