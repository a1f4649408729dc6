/** The part of a process stream the writer uses. */
export interface WritableOutput {
  write(text: string): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * A writer for stdout or stderr that survives the reader going away (`| head`): the
 * first EPIPE closes it quietly and later text is dropped, so the run finishes (metrics
 * included) and exits with its own code instead of dying on an unhandled 'error' event
 * with exit 1, which a pipeline would read as "not ok". Any other write error is thrown
 * as before: nothing sensible can continue after it.
 */
export function streamWriter(stream: WritableOutput): (text: string) => void {
  let closed = false;
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
