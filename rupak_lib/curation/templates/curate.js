(() => {
  const state = JSON.parse(document.getElementById("rupak-state").textContent);
  const alertBox = document.getElementById("alert");
  const say = (lines) => {
    alertBox.textContent = lines.join("\n");
    alertBox.hidden = !lines.length;
    if (lines.length) alertBox.scrollIntoView({block: "nearest"});
  };
  const send = async (body) => {
    say([]);
    let answer;
    try {
      const r = await fetch("/__rupak__/curate", {
        method: "POST", cache: "no-store",
        headers: {"Content-Type": "application/json", "X-Rupak-Token": state.token},
        body: JSON.stringify({...body, source: state.source, versions: state.versions}),
      });
      answer = await r.json().catch(() => ({errors: [r.status + " " + r.statusText]}));
      if (r.ok) { location.reload(); return; }
    } catch (e) {
      answer = {errors: ["The preview did not answer: is it still running?"]};
    }
    say(answer.errors || ["The write was refused."]);
  };
  const formValues = (form) => {
    const changes = {};
    for (const el of form.querySelectorAll(":scope > fieldset > label > [name]")) {
      changes[el.name] = el.value;
    }
    const rows = (kind) => [...form.querySelectorAll(`[data-links=${kind}] .link`)].map(
      (row) => Object.fromEntries([...row.querySelectorAll("[name]")].map(
        (el) => [el.name, el.value.trim()])));
    return {changes, entities: rows("entities"), events: rows("events")};
  };
  document.addEventListener("click", (ev) => {
    const button = ev.target.closest("button");
    if (!button) return;
    const item = button.closest("[data-draft-id], [data-fact-id]");
    const id = item && (item.dataset.draftId || item.dataset.factId);
    const form = item && item.querySelector("form[data-edit]");
    if (button.dataset.action === "accept") send({action: "accept", id});
    else if (button.dataset.action === "reject") send({action: "reject", id});
    else if (button.dataset.action === "edit") {
      form.hidden = !form.hidden;
      if (!form.hidden) form.querySelector("[name]").focus();
    } else if (button.classList.contains("cancel")) form.hidden = true;
    else if (button.classList.contains("remove")) button.closest(".link").remove();
    else if (button.classList.contains("add")) {
      const pick = button.closest(".pick");
      const row = document.createElement("div");
      row.className = "link";
      const input = (name, list) => {
        const el = document.createElement("input");
        el.name = name; el.setAttribute("aria-label", name);
        if (list) el.setAttribute("list", list);
        return el;
      };
      const select = (name, options) => {
        const el = document.createElement("select");
        el.name = name; el.setAttribute("aria-label", name);
        for (const o of options) el.append(new Option(o, o));
        return el;
      };
      const remove = document.createElement("button");
      remove.type = "button"; remove.className = "remove"; remove.textContent = "\u00d7";
      remove.setAttribute("aria-label", "remove this link");
      if (pick.dataset.links === "entities") {
        row.append(input("entity_id", "entity-ids"), select("role", state.roles), remove);
      } else {
        row.append(input("event_id", "event-ids"), select("relation", state.relations),
                   input("note"), remove);
      }
      pick.insertBefore(row, button);
      row.querySelector("input").focus();
    }
  });
  document.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const item = form.closest("[data-draft-id], [data-fact-id]");
    const values = formValues(form);
    send({action: item.dataset.draftId ? "save-draft" : "save-fact",
          id: item.dataset.draftId || item.dataset.factId, ...values});
  });
  const onlyLow = document.getElementById("only-low");
  onlyLow.addEventListener("change", () => document.body.classList.toggle("only-low",
                                                                         onlyLow.checked));
  const drafts = () => [...document.querySelectorAll("[data-draft-id]")].filter(
    (d) => d.offsetParent !== null);
  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest("input, select, textarea") || ev.ctrlKey || ev.metaKey || ev.altKey) {
      return;
    }
    const list = drafts();
    const at = list.indexOf(document.activeElement.closest("[data-draft-id]"));
    const go = (i) => { if (list[i]) { list[i].focus(); list[i].scrollIntoView({block: "center"}); } };
    const current = list[at];
    if (ev.key === "j") go(at + 1);
    else if (ev.key === "k") go(Math.max(at - 1, 0));
    else if (current && ev.key === "a") current.querySelector("[data-action=accept]").click();
    else if (current && ev.key === "r") current.querySelector("[data-action=reject]").click();
    else if (current && ev.key === "e") current.querySelector("[data-action=edit]").click();
    else return;
    ev.preventDefault();
  });
})();
