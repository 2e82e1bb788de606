/** The message of a JSON API error reply ({error: {code, message}}), or a generic one. */
export async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // not JSON: fall through
  }
  return response.status >= 500 ? 'Something went wrong on our side. Please try again.' : `The request failed (HTTP ${response.status}).`;
}

export const OFFLINE_MESSAGE = 'You are offline, or the server cannot be reached. Try again when the connection is back.';

/**
 * fetch for the JSON API: resolves with an ok response, or throws an Error whose message a person can
 * read (the server's error message, or that the network is down — never the browser's "Failed to fetch").
 */
export async function apiFetch(input: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new Error(OFFLINE_MESSAGE);
  }
  if (!response.ok) throw new Error(await errorMessage(response));
  return response;
}
