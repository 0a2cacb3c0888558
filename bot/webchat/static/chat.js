// Kesu web chat. All text is inserted with textContent: nothing the customer or staff typed is ever HTML.
"use strict";
(() => {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const photo = document.getElementById("photo");
  const offline = document.getElementById("offline");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  let lastId = 0;
  const seen = new Set();

  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());

  function bubble(text, who) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function show(message) {
    if (seen.has(message.id)) return;
    seen.add(message.id);
    lastId = Math.max(lastId, message.id);
    const div = bubble(message.text, "bot");
    div.dataset.id = message.id;
    if (!message.buttons || !message.buttons.length) return;
    const box = document.createElement("div");
    box.className = "buttons";
    for (const row of message.buttons) {
      for (const b of row) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.text;
        button.dataset.data = b.data;
        button.addEventListener("click", () => tap(button, b));
        box.appendChild(button);
      }
    }
    div.appendChild(box);
  }

  async function api(path, options) {
    const response = await fetch(path + (path.includes("?") ? "&" : "?") + "after=" + lastId, {
      credentials: "same-origin",
      ...options,
      headers: { "X-CSRF-Token": csrf, ...(options && options.headers) },
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const body = await response.json();
    (body.messages || []).forEach(show);
    return body;
  }

  const postJSON = (path, payload) =>
    api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });

  async function tap(button, b) {
    button.disabled = true;
    bubble(b.text, "me");
    try { await postJSON("/chat/api/callback", { id: newId(), data: b.data }); }
    catch (e) { button.disabled = false; }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    bubble(text, "me");
    const id = newId();
    // Keep trying through a restart or a dropped connection: the same id makes a resend harmless.
    for (let attempt = 0; ; attempt++) {
      try { await postJSON("/chat/api/message", { id, text }); offline.hidden = true; return; }
      catch (e) {
        if (String(e).includes("HTTP 4")) { offline.hidden = false; return; }  // refused: retrying won't help
        if (attempt >= 1) offline.hidden = false;
        await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 10000)));
      }
    }
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  photo.addEventListener("change", async () => {
    const file = photo.files[0];
    if (!file) return;
    bubble("📷 " + file.name, "me");
    const data = new FormData();
    data.append("id", newId());
    data.append("photo", file);
    photo.value = "";
    try { await api("/chat/api/photo", { method: "POST", body: data }); } catch (e) { offline.hidden = false; }
  });

  async function poll() {
    for (;;) {
      try {
        await api("/chat/api/messages?wait=1", {});
        offline.hidden = true;
      } catch (e) {
        offline.hidden = false;
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }
  poll();
})();
