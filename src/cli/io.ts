/**
 * What the command needs from its surroundings, so that tests can run it in-process: output
 * streams, whether stdout is a terminal, the working directory, and file writing that never
 * leaves a half-written file (write to a temporary sibling, then rename; Ctrl-C removes it).
 * @module
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The command's window on the world. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** True when stdout is an interactive terminal (live progress, colours). */
  readonly isTTY: boolean;
  readonly cwd: string;
}

/** A usage error: printed as one line, exit code 2. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

const pending = new Set<string>();
let hooked = false;

/** Removes a file if it is there; a path that cannot exist (under a regular file) is fine too. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // ENOTDIR and the like: the file was never created
  }
}

/** Removes temporary files still being written; runs on SIGINT / SIGTERM. */
function cleanup(): void {
  for (const p of pending) removeQuietly(p);
  pending.clear();
}

function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      cleanup();
      process.exit(130);
    });
  }
}

/**
 * Writes `content` to `path` atomically: the file appears complete or not at all.
 * @returns the absolute path written.
 * @throws CliError (exit 1) when the file cannot be written, with the reason.
 */
export function writeFileAtomic(cwd: string, path: string, content: string): string {
  hookSignals();
  const target = resolve(cwd, path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  pending.add(tmp);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
    return target;
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    throw new CliError(`cannot write ${target}: ${code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder' : code}`, 1);
  } finally {
    removeQuietly(tmp);
    pending.delete(tmp);
  }
}
