// The top bar's sign-in button and dialog.
import { button, h, replace } from "../dom.js";
import { serverText, t } from "../i18n.js";
import { currentUser, onSessionChange, signIn, signOut } from "./session.js";

export function createSignIn(actions) {
  const slot = h("div", { class: "auth-slot" });
  document.querySelector(".topbar .actions")?.prepend(slot);
  const dialog = h("dialog", { class: "signin-dialog", "aria-labelledby": "signin-heading" });
  document.body.append(dialog);

  function render() {
    const user = currentUser();
    if (user) {
      replace(
        slot,
        h(
          "span",
          { class: "auth-user" },
          t("auth.signed_in", { user: user.username, role: t(`role.${user.role}`) }),
        ),
        button({ id: "signout-button", onclick: () => signOut() }, t("auth.sign_out")),
      );
    } else {
      replace(slot, button({ id: "signin-button", onclick: open }, t("auth.sign_in")));
    }
  }

  function open() {
    const message = h("p", { class: "error", role: "alert" });
    const username = h("input", {
      id: "signin-username",
      name: "username",
      autocomplete: "username",
      required: true,
    });
    const password = h("input", {
      id: "signin-password",
      name: "password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    });
    const form = h(
      "form",
      {
        method: "dialog",
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            await signIn(username.value.trim(), password.value);
            dialog.close();
          } catch (error) {
            message.textContent = t("auth.failed", { error: serverText(error) });
          }
        },
      },
      h("h2", { id: "signin-heading" }, t("auth.heading")),
      h("label", { for: "signin-username" }, t("auth.username")),
      username,
      h("label", { for: "signin-password" }, t("auth.password")),
      password,
      message,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "submit", id: "signin-submit" }, t("auth.submit")),
        button({ onclick: () => dialog.close() }, t("auth.cancel")),
      ),
    );
    replace(dialog, form);
    dialog.showModal();
    username.focus();
  }

  onSessionChange(() => {
    render();
    actions.onChange?.();
  });
  render();
  return { relabel: render };
}
