// Consents: one checkbox per channel and purpose, saved as soon as it changes.

import { api } from "./api.js";
import { h, replace, testid, when } from "./dom.js";

const CHANNELS = {
  push: "Notifications push", in_app: "Dans l'appli", email: "E-mail", sms: "SMS",
  speaker: "Enceinte connectée", radio: "Radio",
};
const PURPOSES = {
  service: "Service (commandes, réservations)", marketing: "Offres et programme du soir",
  personalisation: "Personnalisation (historique d'achats)", location: "Localisation (arrivée au magasin)",
};

function render(consents, save) {
  const byPurpose = new Map();
  for (const consent of consents) {
    if (!byPurpose.has(consent.purpose)) byPurpose.set(consent.purpose, []);
    byPurpose.get(consent.purpose).push(consent);
  }
  replace(testid("consents"), [...byPurpose.entries()].map(([purpose, items]) =>
    h("fieldset", {},
      h("legend", {}, PURPOSES[purpose] || purpose),
      items.map((consent) => {
        const id = `consent-${consent.channel}-${consent.purpose}`;
        const since = consent.granted ? consent.granted_at : consent.withdrawn_at;
        return h("div", { class: "check" },
          h("input", {
            type: "checkbox", id, checked: consent.granted, "data-testid": id,
            onchange: (event) => save(consent, event.target.checked),
          }),
          h("label", { for: id }, CHANNELS[consent.channel] || consent.channel),
          since ? h("small", { class: "meta" }, ` depuis le ${when(since)}`) : null);
      }))));
}

export function install(ctx) {
  const status = testid("consents-status");
  const save = (consent, granted) => ctx.guard(async () => {
    status.textContent = "Enregistrement…";
    try {
      const consents = await api("/me/consents", {
        method: "PUT", body: [{ channel: consent.channel, purpose: consent.purpose, granted }],
      });
      render(consents, save);
      status.textContent = `Enregistré : ${CHANNELS[consent.channel] || consent.channel}, ${granted ? "accepté" : "refusé"}.`;
    } catch (error) {
      status.textContent = "";
      await load(); // show what is really recorded
      throw error;
    }
  });
  const load = async () => render(await api("/me/consents"), save);
  return () => ctx.guard(load);
}
