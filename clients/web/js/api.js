// The skillpath API over HTTP: the Connect protocol's unary JSON form,
// POST /skillpath.v1.<Service>/<Method> with the token as a bearer header.
// Errors come back as {code, message} and are thrown as ApiError.

export class ApiError extends Error {
  constructor(code, message, method) {
    super(message);
    this.code = code;
    this.method = method;
  }
}

let token = sessionStorage.getItem("skillpath.token") || "";

export function setToken(value) {
  token = value || "";
  if (token) sessionStorage.setItem("skillpath.token", token);
  else sessionStorage.removeItem("skillpath.token");
}

export function hasToken() {
  return token !== "";
}

// Calls `method` ("GapService/GetPersonGap") with `request` (an object in
// protobuf's JSON mapping); resolves to the answer object.
export async function call(method, request = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers["Authorization"] = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(`/skillpath.v1.${method}`, { method: "POST", headers, body: JSON.stringify(request) });
  } catch (e) {
    throw new ApiError("unavailable", `skillpathd did not answer (${e.message})`, method);
  }
  const text = await response.text();
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError("internal", `not JSON from ${method}: ${text.slice(0, 200)}`, method);
  }
  if (!response.ok) throw new ApiError(body.code || `http_${response.status}`, body.message || text, method);
  return body;
}

// The demo users on a demo server, or [] elsewhere.
export async function demoUsers() {
  try {
    const response = await fetch("/demo-users.json");
    return response.ok ? await response.json() : [];
  } catch {
    return [];
  }
}
