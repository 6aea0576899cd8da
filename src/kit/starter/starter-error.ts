import { KitError } from '../kit-error.js';

/** Stable codes of {@link StarterError}. */
export type StarterErrorCode = 'ERR_STARTER_LIBRARY_NOT_BUILT' | 'ERR_STARTER_NO_TSLAB';

/**
 * A starter that cannot be made: the library is not compiled, or the tslab version to pin is unknown.
 *
 * @example
 * catch (error) { if (error instanceof StarterError && error.code === 'ERR_STARTER_LIBRARY_NOT_BUILT') build(); }
 */
export class StarterError extends KitError<StarterErrorCode> {}
