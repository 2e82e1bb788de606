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
