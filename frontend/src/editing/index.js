// Editing (issue 12), wired into the page with one call from main.js: sign-in in the top bar,
// the editor in the park profile, the import wizard in its own tab.
import "./editing.css";
import { onSessionChange } from "./session.js";
import { createSignIn } from "./signin.js";
import { createParkEditor } from "./park-editor.js";
import { createImportWizard } from "./imports.js";

export function initEditing({ map, profileContainer, importContainer, onSaved, onImported }) {
  const editor = createParkEditor({ container: profileContainer, map, onSaved });
  const wizard = createImportWizard({ container: importContainer, map, onImported });
  const signin = createSignIn({});
  onSessionChange(() => {
    editor.refresh();
    wizard.render();
  });
  wizard.render();
  return {
    relabel() {
      signin.relabel();
      editor.refresh();
      wizard.render();
    },
  };
}
