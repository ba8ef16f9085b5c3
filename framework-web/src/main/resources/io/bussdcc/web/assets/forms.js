// Add and Remove for the rows of generated forms (see docs/web.md, "Forms"). A collection is a
// [data-rows] fieldset holding [data-rows-entries], a <template data-rows-prototype> whose row id
// is the fieldset's data-placeholder (__row0__, __row1__ for a collection inside a row, ...), and
// an Add button. No build step, no dependencies.
(function () {
  "use strict";

  const ATTRIBUTES = ["name", "id", "for", "aria-describedby", "data-row", "data-field", "data-rows", "data-error-for"];

  function nextId(entries) {
    let max = -1;
    for (const row of entries.children) {
      const id = Number.parseInt(row.getAttribute("data-row"), 10);
      if (!Number.isNaN(id) && id > max) {
        max = id;
      }
    }
    return String(max + 1);
  }

  // Replaces the placeholder in every attribute below root, including inside nested prototypes.
  function replace(root, placeholder, id) {
    for (const el of root.querySelectorAll("*")) {
      for (const attr of ATTRIBUTES) {
        const value = el.getAttribute(attr);
        if (value !== null && value.includes(placeholder)) {
          el.setAttribute(attr, value.split(placeholder).join(id));
        }
      }
      if (el.tagName === "TEMPLATE") {
        replace(el.content, placeholder, id);
      }
    }
  }

  document.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-rows-remove]");
    if (remove) {
      const row = remove.closest("[data-row]");
      if (row) {
        row.remove();
      }
      return;
    }
    const add = event.target.closest("[data-rows-add]");
    if (!add) {
      return;
    }
    const collection = add.closest("[data-rows]");
    const entries = collection && collection.querySelector(":scope > [data-rows-entries]");
    const template = collection && collection.querySelector(":scope > template[data-rows-prototype]");
    if (!entries || !template) {
      return;
    }
    const holder = document.createElement("div");
    holder.appendChild(template.content.cloneNode(true));
    replace(holder, collection.getAttribute("data-placeholder"), nextId(entries));
    while (holder.firstChild) {
      entries.appendChild(holder.firstChild);
    }
    const first = entries.lastElementChild && entries.lastElementChild.querySelector("input:not([type=hidden]), select");
    if (first) {
      first.focus();
    }
  });
})();
