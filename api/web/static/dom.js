// Tiny DOM helpers: elements are built with text nodes only (never innerHTML), so nothing
// the API returns can inject markup.

const PROPERTIES = new Set(["value", "checked", "disabled", "hidden"]);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function testid(id, root = document) {
  return root.querySelector(`[data-testid="${id}"]`);
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
