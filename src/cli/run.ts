import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io';
import { LINT_HELP, runLint } from './lintCommand';
import { INIT_HELP, runInit } from './initCommand';
import { NEW_HELP, runNew } from './newCommand';

export const MAIN_HELP = `Usage: ses-grants <command> [options]

Checks and writes the resource-policy grants Amazon SES email receiving needs, offline.

Commands:
  lint [paths...]   check policy files (ses-grants lint --help)
  new <kind>        print a grant for s3, kms, lambda or sns (ses-grants new --help)
  init              write ses-grants.json, the values fixes write (ses-grants init --help)

Options:
  -h, --help        show this help
  -v, --version     show the version

Every finding id is explained in docs/rules/<id>.md.
`;

/** Runs one command line and resolves to the exit code. Never rejects: every failure becomes a message. */
export async function run(argv: readonly string[], io: CliIo, toolVersion: string): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        if (command === undefined) {
          io.err(MAIN_HELP);
          return EXIT_USAGE;
        }
        io.out(MAIN_HELP);
        return EXIT_OK;
      case '-v':
      case '--version':
        io.out(toolVersion + '\n');
        return EXIT_OK;
      case 'lint':
        return await runLint(rest, io, toolVersion);
      case 'new':
        return runNew(rest, io);
      case 'init':
        return runInit(rest, io);
      default:
        throw new UsageError(`unknown command "${command}": use lint, new or init`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ses-grants: ${error.message}\n`);
      io.err(`Run "ses-grants ${command === 'lint' || command === 'new' || command === 'init' ? command + ' ' : ''}--help" for usage.\n`);
      return EXIT_USAGE;
    }
    io.err(`ses-grants: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}

export { INIT_HELP, LINT_HELP, NEW_HELP };
