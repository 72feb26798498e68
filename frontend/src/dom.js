// A tiny helper to build DOM nodes. Text always goes in as text nodes, never as HTML, so data
// from the server cannot inject markup.

/**
 * h("a", { href: "/x", class: "link", onclick: fn }, "text", child)
 * Attributes starting with "on" become event listeners; `dataset` takes an object; null,
 * undefined and false attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "class") el.className = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A button that does not submit a form. */
export function button(attrs, ...children) {
  return h("button", { type: "button", ...attrs }, ...children);
}

/**
 * A list of `items`: list("ul", {class: "chips"}, items, (item) => children, (item) => liAttrs).
 * Falsy items are skipped, so optional entries can be written inline.
 */
export function list(tag, attrs, items, render, itemAttrs = () => ({})) {
  return h(
    tag,
    attrs,
    items.filter(Boolean).map((item) => h("li", itemAttrs(item), render(item))),
  );
}

/**
 * Make a drawn map element (an SVG path, a marker's icon) act as a button: focusable, named
 * `label` for screen readers, and calling `handler` on Enter or Space (bound once per element).
 */
export function mapButton(el, label, handler) {
  el.setAttribute("tabindex", "0");
  el.setAttribute("role", "button");
  el.setAttribute("aria-label", label);
  if (el.dataset.keyboard) return;
  el.dataset.keyboard = "1";
  el.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      handler();
    }
  });
}

/** Replace everything inside `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Tell screen readers (and the status line) what just happened, for `ms` milliseconds. */
export function announce(message, ms = 4000) {
  const region = document.getElementById("status");
  if (!region) return;
  region.textContent = "";
  clearTimeout(announce.timer);
  // A fresh text node after a tick so that repeated messages are read again; gone after a while.
  setTimeout(() => {
    region.textContent = message;
  }, 30);
  announce.timer = setTimeout(() => {
    region.textContent = "";
  }, ms);
}

/** The language a text of the data is written in: the script most of its letters are in. */
export function languageOf(text) {
  const han = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (!han && !latin) return null;
  return latin > 2 * han ? "en" : "zh-CN";
}

/**
 * Data as its sources record it (names of firms, parks' records, the plan's words): shown
 * verbatim, marked so and with the language it is written in (for screen readers, and for the
 * test of the interface's language).
 */
export function verbatim(text, attrs = {}) {
  if (text == null || text === "") return null;
  return h("span", { "data-verbatim": "", lang: languageOf(String(text)), ...attrs }, text);
}
