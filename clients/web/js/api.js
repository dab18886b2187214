// The skillpath API over HTTP: the Connect protocol's unary JSON form,
// POST /skillpath.v1.<Service>/<Method>, with a pasted token as a bearer
// header, or else the session cookie that signing in through the
// organisation's provider set (HttpOnly: this code never sees it; the
// X-Skillpath-Session header tells the server the call comes from our own
// pages). Errors come back as {code, message} and are thrown as ApiError.

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
  else headers["X-Skillpath-Session"] = "1";
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

// What the sign-in page offers: {provider, label, tokenSignIn}; without
// sign-in through a provider, only the token field.
export async function signInOffer() {
  try {
    const response = await fetch("/auth/config");
    if (response.ok) return await response.json();
  } catch {
    // the token field, below
  }
  return { provider: false, tokenSignIn: true };
}

// Ends the session in skillpath, then goes to the provider's sign-out
// (which sends the browser back here); "/" if that fails.
export async function endSession() {
  let next = "/";
  try {
    const response = await fetch("/auth/logout", {
      method: "POST",
      headers: { Accept: "application/json", "X-Skillpath-Session": "1" },
    });
    if (response.ok) next = (await response.json()).next || "/";
  } catch {
    // the session may remain until it times out; the sign-in page is shown
  }
  location.href = next;
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
