// JSON over fetch, with the server's {"error": "..."} message surfaced as the Error's message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function getJson(path, signal) {
  const res = await fetch(path, {headers: {Accept: 'application/json'}, signal});
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // fall through: a non-JSON body is reported below
  }
  if (!res.ok) {
    const msg = body && body.error ? body.error : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, msg);
  }
  if (body === null) throw new ApiError(res.status, `${path}: the server's answer was not JSON`);
  return body;
}
