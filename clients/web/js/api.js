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

// Calls a method the client streams (OrgService/ImportPeople and the like)
// in the Connect protocol's streaming form: `messages` (objects in
// protobuf's JSON mapping) as envelopes in one POST, sent with
// XMLHttpRequest so `onProgress(sent, total)` can follow a large upload;
// resolves to the answer object. The server passes the messages on as they
// arrive and answers once the whole body is in.
export function upload(method, messages, onProgress = () => {}) {
  const encoder = new TextEncoder();
  const parts = [];
  for (const m of messages) {
    const data = encoder.encode(JSON.stringify(m));
    const head = new Uint8Array(5);
    new DataView(head.buffer).setUint32(1, data.length);
    parts.push(head, data);
  }
  const body = new Blob(parts);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/skillpath.v1.${method}`);
    xhr.responseType = "arraybuffer";
    xhr.setRequestHeader("Content-Type", "application/connect+json");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    else xhr.setRequestHeader("X-Skillpath-Session", "1");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.upload.onload = () => onProgress(body.size, body.size);
    xhr.onerror = () => reject(new ApiError("unavailable", "skillpathd did not answer", method));
    xhr.onload = () => {
      const bytes = new Uint8Array(xhr.response || new ArrayBuffer(0));
      const text = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
      if (xhr.status !== 200) {
        let e = {};
        try {
          e = JSON.parse(text(0, bytes.length));
        } catch {
          // not a Connect error: the status says what happened
        }
        return reject(new ApiError(e.code || `http_${xhr.status}`, e.message || xhr.statusText, method));
      }
      let answer = null;
      for (let at = 0; at + 5 <= bytes.length; ) {
        const flags = bytes[at];
        const length = new DataView(bytes.buffer, bytes.byteOffset + at + 1, 4).getUint32(0);
        const json = JSON.parse(text(at + 5, at + 5 + length) || "{}");
        at += 5 + length;
        if (flags & 2) {
          if (json.error) return reject(new ApiError(json.error.code || "unknown", json.error.message || "", method));
          if (answer) return resolve(answer);
          return reject(new ApiError("internal", "the stream ended without an answer", method));
        }
        answer = json;
      }
      reject(new ApiError("internal", "the answer was cut short (no end of stream)", method));
    };
    xhr.send(body);
  });
}
