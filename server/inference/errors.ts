/** Bad input from a caller: the message is meant for them (HTTP 400, a CLI line error). */
export class InputError extends Error {
  override name = 'InputError';
}

/** Too much waiting work: the caller may retry later (HTTP 503). */
export class BusyError extends Error {
  override name = 'BusyError';
}

/** A model file or manifest that cannot be served. */
export class ModelError extends Error {
  override name = 'ModelError';
}
