// Consents: one checkbox per channel and purpose, saved as soon as it changes.

import { api } from "./api.js";
import { h, replace, testid } from "./dom.js";
import { has, t, when } from "./i18n.js";

function label(kind, key) {
  return has(`settings.${kind}.${key}`) ? t(`settings.${kind}.${key}`) : key;
}

function render(consents, save) {
  const byPurpose = new Map();
  for (const consent of consents) {
    if (!byPurpose.has(consent.purpose)) byPurpose.set(consent.purpose, []);
    byPurpose.get(consent.purpose).push(consent);
  }
  replace(testid("consents"), [...byPurpose.entries()].map(([purpose, items]) =>
    h("fieldset", {},
      h("legend", {}, label("purpose", purpose)),
      items.map((consent) => {
        const id = `consent-${consent.channel}-${consent.purpose}`;
        const since = consent.granted ? consent.granted_at : consent.withdrawn_at;
        return h("div", { class: "check" },
          h("input", {
            type: "checkbox", id, checked: consent.granted, "data-testid": id,
            onchange: (event) => save(consent, event.target.checked),
          }),
          h("label", { for: id }, label("channel", consent.channel)),
          since ? h("small", { class: "meta" }, t("settings.since", { when: when(since) })) : null);
      }))));
}

export function install(ctx) {
  const status = testid("consents-status");
  const save = (consent, granted) => ctx.guard(async () => {
    status.textContent = t("settings.saving");
    try {
      const consents = await api("/me/consents", {
        method: "PUT", body: [{ channel: consent.channel, purpose: consent.purpose, granted }],
      });
      render(consents, save);
      const channel = label("channel", consent.channel);
      status.textContent = t(granted ? "settings.saved_on" : "settings.saved_off", { channel });
    } catch (error) {
      status.textContent = "";
      await load(); // show what is really recorded
      throw error;
    }
  });
  const load = async () => render(await api("/me/consents"), save);
  return () => ctx.guard(load);
}
