/** The session's CSRF token (from the page's meta tag) and a POST that carries it. */
export const csrf =
  document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

export function post(
  url: string,
  body: FormData | URLSearchParams | string,
  json = false,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'x-csrf-token': csrf,
      accept: 'application/json',
      ...(json ? { 'content-type': 'application/json' } : {}),
    },
    credentials: 'same-origin',
  });
}
