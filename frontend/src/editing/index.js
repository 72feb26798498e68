// Editing (issue 12), wired into the page with one call from main.js: sign-in in the top bar,
// the record editor in the profiles of every writable layer shown in the map (a park's in the
// profile tab, a firm's in the 产业链 tab), a district's plan data in its profile, the import
// wizard in its own tab.
import "./editing.css";
import { onSessionChange } from "./session.js";
import { createSignIn } from "./signin.js";
import { createFeatureEditor } from "./feature-editor.js";
import { createImportWizard } from "./imports.js";
import { createPlanEditor } from "./plan-editor.js";

// Where each writable layer's profile is drawn, and how to find the record it shows.
const PROFILES = {
  parks: (root) => {
    const element = root.querySelector("article.park-profile[data-park-id]");
    return element && { element, id: element.dataset.parkId };
  },
  enterprises: (root) => {
    const element = root.querySelector("section.firm-profile[data-firm-profile]");
    return element && { element, id: element.dataset.firmProfile };
  },
};

export function initEditing({
  map,
  profileContainer,
  firmContainer,
  importContainer,
  onSaved,
  onPlanSaved,
  onImported,
}) {
  const containers = { parks: profileContainer, enterprises: firmContainer };
  const editors = Object.entries(containers)
    .filter(([, container]) => container)
    .map(([collection, container]) =>
      createFeatureEditor({
        container,
        map,
        collection,
        profileOf: PROFILES[collection],
        onSaved: (feature) => onSaved(feature, collection),
      }),
    );
  editors.push(createPlanEditor({ container: profileContainer, onSaved: onPlanSaved }));
  const wizard = createImportWizard({ container: importContainer, map, onImported });
  const signin = createSignIn({});
  const refresh = () => {
    for (const editor of editors) editor.refresh();
    wizard.render();
  };
  onSessionChange(refresh);
  wizard.render();
  return {
    relabel() {
      signin.relabel();
      refresh();
    },
  };
}
