import { KitError } from '../kit-error.js';

/**
 * A Jupyter message that cannot be read: frames missing, JSON broken, or a signature that does not match.
 *
 * @example
 * try { decodeMessage(frames, key); }
 * catch (error) { if (error instanceof WireError && error.code === 'ERR_BAD_SIGNATURE') dropIt(); }
 */
export class WireError extends KitError {
  constructor(code: 'ERR_BAD_SIGNATURE' | 'ERR_MALFORMED_MESSAGE', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The kernel asked for (tslab or Deno) is not installed where socketbook looks for it.
 *
 * @example
 * catch (error) { if (error instanceof KernelNotFoundError) console.error(error.message); }
 */
export class KernelNotFoundError extends KitError {
  constructor(message: string) {
    super('ERR_KERNEL_NOT_FOUND', message);
  }
}

/**
 * The kernel process did not answer `kernel_info_request` in time, or exited while starting.
 *
 * @example
 * catch (error) { if (error instanceof KernelStartError) console.error(error.message); }
 */
export class KernelStartError extends KitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_KERNEL_START', message, options);
  }
}

/**
 * The kernel process exited (or stopped answering heartbeats) while socketbook still needed it.
 *
 * @example
 * catch (error) { if (error instanceof KernelDiedError) await client.restart(); }
 */
export class KernelDiedError extends KitError {
  constructor(message: string) {
    super('ERR_KERNEL_DIED', message);
  }
}

/**
 * A request sent to a kernel client that was shut down, or one that is still starting.
 *
 * @example
 * catch (error) { if (error instanceof KernelStateError) ... }
 */
export class KernelStateError extends KitError {
  constructor(message: string) {
    super('ERR_KERNEL_STATE', message);
  }
}
