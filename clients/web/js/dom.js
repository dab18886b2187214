// Building the page from data without innerHTML: every text goes in as text.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// columns: {label, num (right-aligned), vertical (a rotated header)}. The
// table scrolls sideways in its box where it is wider than the screen; no
// column is hidden.
export function table(columns, rows, attrs = {}) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      attrs,
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          columns.map((c) => {
            const classes = [c.num && "num", c.vertical && "col"].filter(Boolean);
            return h("th", { class: classes.join(" ") }, c.label);
          }),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

export function figure(value, label, testid) {
  return h("div", { class: "figure" }, h("div", { class: "value", "data-testid": testid }, value), h("div", { class: "label" }, label));
}
