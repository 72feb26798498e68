// Editing a district's plan data in its profile (issue 12, item 3): its leading industries (with
// their focus segments), its specialty industries and its 2027 revenue target, each edit with a
// reason and a source. The plan's rules (≤2 leading, ≤4 specialty) are the server's: a refused
// edit is shown as the server words it, with the rule's citation, in the reader's language.
import { api } from "../api.js";
import { button, h, list, replace, announce } from "../dom.js";
import { nameOf, t } from "../i18n.js";
import { failure } from "./geometry-tools.js";
import { authJSON, canEdit } from "./session.js";

const PROFILE = "article.district-profile[data-adcode]";

export function createPlanEditor({ container, onSaved }) {
  const observer = new MutationObserver(() => attach());
  observer.observe(container, { childList: true, subtree: true });
  attach();

  function attach() {
    const article = container.querySelector(PROFILE);
    if (!article || article.querySelector(":scope > .plan-editing")) return;
    const section = h("section", {
      class: "editing plan-editing",
      "aria-labelledby": "plan-editing-heading",
    });
    article.append(section);
    render(section, article.dataset.adcode);
  }

  async function render(section, adcode) {
    const query = new URLSearchParams({ entity: "district_plan", entity_id: adcode, limit: 10 });
    const { body } = await authJSON(`/api/history?${query}`, { cache: "no-store" });
    const parts = [h("h3", { id: "plan-editing-heading" }, t("plan_edit.heading"))];
    const last = body.changes[0];
    parts.push(
      h(
        "p",
        { class: "last-change muted" },
        last
          ? t("plan_edit.last_change", { user: last.actor, source: last.source })
          : t("plan_edit.never_changed"),
      ),
    );
    if (!canEdit()) {
      parts.push(h("p", { class: "muted" }, t("plan_edit.sign_in_hint")));
      replace(section, ...parts);
      return;
    }
    const slot = h("div", { class: "edit-form-slot" });
    parts.push(
      h(
        "div",
        { class: "edit-tools" },
        button({ class: "plan-edit", onclick: () => form(slot, adcode) }, t("plan_edit.open")),
      ),
      slot,
      history(body.changes),
    );
    replace(section, ...parts);
  }

  async function form(slot, adcode) {
    const [profile, industries] = await Promise.all([api.district(adcode), api.industries()]);
    const options = (selected) =>
      industries.map((i) => h("option", { value: i.id, selected: i.id === selected }, nameOf(i)));
    const leadingRows = h("ol", { class: "plan-leading" });
    const specialtyRows = h("ol", { class: "plan-specialty" });

    const leadingRow = (item = {}) => {
      const segments = h("textarea", {
        class: "plan-segments",
        rows: 2,
        placeholder: t("plan_edit.segments_placeholder"),
      });
      segments.value = (item.segments || []).map((s) => `${s.name} | ${s.name_en}`).join("\n");
      const etc = h("input", { type: "checkbox", class: "plan-etc", checked: !!item.segments_open_ended });
      const row = h(
        "li",
        { class: "plan-leading-row" },
        h("label", {}, t("plan_edit.industry"), h("select", { class: "plan-industry" }, options(item.id))),
        h("label", {}, t("plan_edit.segments"), segments),
        h("label", { class: "checkbox" }, etc, t("plan_edit.segments_etc")),
        button({ class: "plan-remove", onclick: () => row.remove() }, t("plan_edit.remove")),
      );
      leadingRows.append(row);
    };
    const specialtyRow = (item = {}) => {
      const row = h(
        "li",
        { class: "plan-specialty-row" },
        h("select", { class: "plan-industry", "aria-label": t("plan_edit.industry") }, options(item.id)),
        button({ class: "plan-remove", onclick: () => row.remove() }, t("plan_edit.remove")),
      );
      specialtyRows.append(row);
    };
    profile.leading_industries.forEach(leadingRow);
    profile.specialty_industries.forEach(specialtyRow);

    const target = h("input", { type: "number", step: "any", class: "plan-target" });
    target.value = profile.revenue_target_2027 ?? "";
    const originalTarget = target.value;
    const reason = h("input", {
      class: "edit-reason",
      required: true,
      placeholder: t("edit.reason_placeholder"),
    });
    const source = h("input", {
      class: "edit-source",
      required: true,
      placeholder: t("plan_edit.source_placeholder"),
    });
    const message = h("p", { class: "error", role: "alert" });

    const industriesBody = () => ({
      leading: [...leadingRows.children].map((row) => ({
        industry: row.querySelector(".plan-industry").value,
        segments: row
          .querySelector(".plan-segments")
          .value.split("\n")
          .map((line) => line.split("|").map((s) => s.trim()))
          .filter(([name]) => name)
          .map(([name, nameEn]) => ({ name, name_en: nameEn || name })),
        segments_open_ended: row.querySelector(".plan-etc").checked,
      })),
      specialty: [...specialtyRows.children].map((row) => row.querySelector(".plan-industry").value),
    });
    const originalIndustries = JSON.stringify(industriesBody());

    const submit = async (event) => {
      event.preventDefault();
      const why = { reason: reason.value.trim(), source: source.value.trim() };
      const send = (path, method, body) =>
        authJSON(path, {
          method,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ...body, ...why }),
        });
      try {
        const changed = industriesBody();
        if (JSON.stringify(changed) !== originalIndustries)
          await send(`/api/districts/${adcode}/industries`, "PUT", changed);
        if (target.value !== originalTarget)
          await send(`/api/indicators/${encodeURIComponent(`revenue:${adcode}`)}`, "PATCH", {
            value: Number(target.value),
          });
        announce(t("edit.saved"));
        onSaved(adcode);
      } catch (error) {
        message.textContent = failure(error);
        message.dataset.code = error.problem?.code ?? "";
      }
    };

    replace(
      slot,
      h(
        "form",
        { class: "edit-form plan-form", onsubmit: submit },
        h("h4", {}, t("district.leading")),
        leadingRows,
        button({ class: "plan-add-leading", onclick: () => leadingRow() }, t("plan_edit.add_leading")),
        h("h4", {}, t("district.specialty")),
        specialtyRows,
        button({ class: "plan-add-specialty", onclick: () => specialtyRow() }, t("plan_edit.add_specialty")),
        h("label", {}, t("plan_edit.target"), target),
        h("label", {}, t("edit.reason"), reason),
        h("label", {}, t("edit.source"), source),
        message,
        h(
          "div",
          { class: "form-actions" },
          h("button", { type: "submit", class: "plan-save" }, t("edit.save")),
          button({ onclick: () => replace(slot) }, t("edit.cancel")),
        ),
      ),
    );
  }

  function history(changes) {
    return h(
      "div",
      { class: "history" },
      h("h4", {}, t("history.heading")),
      changes.length
        ? list("ol", { class: "history-list" }, changes, (entry) => [
            h("span", { class: "history-actor" }, entry.actor),
            " · ",
            t(`history.action.${entry.action}`),
            h("div", { class: "history-why" }, `${entry.reason} — ${entry.source}`),
          ])
        : h("p", { class: "muted" }, t("history.empty")),
    );
  }

  return {
    refresh() {
      container.querySelector(`${PROFILE} > .plan-editing`)?.remove();
      attach();
    },
  };
}
